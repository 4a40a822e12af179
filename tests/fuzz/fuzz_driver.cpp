// A fuzz driver that needs no libFuzzer (GCC builds): runs one entry point
// (LLVMFuzzerTestOneInput, linked in beside this file) over a seed corpus, then over N
// deterministic mutations of it. ctest runs every reader this way with a bounded N
// (tests/fuzz/CMakeLists.txt); docs/fuzzing.md says how to run more, or libFuzzer.
//
//   fuzz_<reader> [--runs N] [--seed S] [--max-len BYTES] [--out DIR] [--dict FILE]
//                 [--max-failures K] PATH...
//   fuzz_<reader> --minimize FAILING_INPUT OUTPUT
//
// PATH is a seed file or a folder of them (read in name order); a missing PATH is reported
// and skipped (the shared data may be absent), but no seed at all is an error. Each
// mutated input is one seed changed by 1 to 4 stacked mutations: bit flip, byte set /
// insert / delete, chunk duplication, truncation, splicing with another seed, insertion of
// a token of the dictionary (fuzz.dict: numbers like 1e999, XML / JSON / CSV syntax),
// replacement of a number by one of its number_* tokens, line duplication / deletion. The
// generator is a fixed-seed splitmix64, so a run is the same on every machine.
//
// A broken check (fuzz::Failure from fuzz_check.h) is printed with its input and the input
// saved as DIR/<name>-failure-<k>.bin; the run goes on and exits 1 at the end. A crash
// saves the input as DIR/<name>-crash.bin before the signal is delivered. --minimize
// shrinks a failing input (each try in a child process, so crashes can be minimized too)
// to a smaller one that fails the same way.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace corridor::fuzz {
namespace {

namespace fs = std::filesystem;

// ---- crash capture --------------------------------------------------------------------

const std::string* g_current = nullptr;  // the input being run (for the signal handler)
char g_crash_path[4096] = "";

extern "C" void OnCrash(int sig) {
  if (g_current != nullptr && g_crash_path[0] != '\0') {
    const int fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      std::size_t done = 0;
      while (done < g_current->size()) {
        const ssize_t n = ::write(fd, g_current->data() + done, g_current->size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
      }
      ::close(fd);
      static const char msg[] = "\n*** crash: the input is saved as ";
      [[maybe_unused]] ssize_t r = ::write(2, msg, sizeof msg - 1);
      r = ::write(2, g_crash_path, std::strlen(g_crash_path));
      r = ::write(2, "\n", 1);
    }
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void InstallCrashHandler(const std::string& path) {
  std::snprintf(g_crash_path, sizeof g_crash_path, "%s", path.c_str());
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, OnCrash);
}

// ---- inputs ---------------------------------------------------------------------------

bool ReadBytes(const fs::path& p, std::string* out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

bool WriteBytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

// The first `limit` bytes, printable, with C escapes for the rest.
std::string Escaped(const std::string& s, std::size_t limit = 600) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') out += "\\n\n";
    else if (c == '\\') out += "\\\\";
    else if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
    else out += fmt::format("\\x{:02x}", c);
  }
  if (s.size() > limit) out += fmt::format("... ({} bytes in all)", s.size());
  return out;
}

struct Seed {
  std::string name;
  std::string bytes;
};

// Files named by `paths` (folders: their regular files in name order).
std::vector<Seed> LoadSeeds(const std::vector<std::string>& paths) {
  std::vector<Seed> seeds;
  for (const std::string& p : paths) {
    std::error_code ec;
    std::vector<fs::path> files;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::directory_iterator(p, ec))
        if (e.is_regular_file()) files.push_back(e.path());
      std::sort(files.begin(), files.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      std::printf("seed path %s: not found, skipped\n", p.c_str());
      continue;
    }
    for (const fs::path& f : files) {
      Seed s{f.string(), {}};
      if (ReadBytes(f, &s.bytes)) seeds.push_back(std::move(s));
      else std::printf("seed %s: cannot be read, skipped\n", f.c_str());
    }
  }
  return seeds;
}

// ---- mutations ------------------------------------------------------------------------

// Tokens (fuzz.dict, libFuzzer's format): `numbers` are the entries named number_*, which
// the number mutation puts in place of a number; `all` is every entry.
struct Dictionary {
  std::vector<std::string> all, numbers;
};

// Reads a libFuzzer dictionary: lines `[name=]"token"`, '#' comments, escapes \\ \" \xNN.
bool ReadDictionary(const std::string& path, Dictionary* dict, std::string* error) {
  std::string text;
  if (!ReadBytes(path, &text)) {
    *error = path + ": cannot be read";
    return false;
  }
  std::size_t line_no = 0, at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    at = end + 1;
    ++line_no;
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::size_t open = line.find('"'), close = line.rfind('"');
    if (open == std::string::npos || close <= open) {
      *error = fmt::format("{}:{}: expected [name=]\"token\"", path, line_no);
      return false;
    }
    std::string token;
    for (std::size_t i = open + 1; i < close; ++i) {
      if (line[i] != '\\') {
        token += line[i];
      } else if (i + 1 < close && (line[i + 1] == '\\' || line[i + 1] == '"')) {
        token += line[++i];
      } else if (i + 3 < close && line[i + 1] == 'x' && std::isxdigit(line[i + 2] & 0xff) &&
                 std::isxdigit(line[i + 3] & 0xff)) {
        token += static_cast<char>(std::strtol(line.substr(i + 2, 2).c_str(), nullptr, 16));
        i += 3;
      } else {
        *error = fmt::format("{}:{}: bad escape", path, line_no);
        return false;
      }
    }
    if (line.compare(first, 7, "number_") == 0) dict->numbers.push_back(token);
    dict->all.push_back(std::move(token));
  }
  return true;
}

const unsigned char kBytes[] = {'<', '>', '/', '"', '\'', '=', '&', ';', '{', '}', '[', ']',
                                ':', ',', '\n', '\r', ' ', '\t', '0', '1', '9', '-', '+', '.',
                                'e', 'E', '#', '\\', 0x00, 0x7f, 0x80, 0xc3, 0xff};

class Mutator {
 public:
  Mutator(std::uint64_t seed, const std::vector<Seed>* seeds, const Dictionary* dict,
          std::size_t max_len)
      : state_(seed), seeds_(seeds), dict_(dict), max_len_(max_len) {}

  /// The next input: a seed with 1..4 mutations.
  std::string Next() {
    std::string s = (*seeds_)[Below(seeds_->size())].bytes;
    const int count = 1 + static_cast<int>(Below(4));
    for (int i = 0; i < count; ++i) Mutate(&s);
    if (s.size() > max_len_) s.resize(max_len_);
    return s;
  }

 private:
  std::uint64_t Rand() {  // splitmix64
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t Below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(Rand() % n); }
  // Positions near the start matter more (headers, root elements): half of them are
  // drawn from the first 256 bytes.
  std::size_t Pos(std::size_t n) {
    return Below(2) ? Below(std::min<std::size_t>(n, 256)) : Below(n);
  }

  // Half of the bytes written are syntax or encoding bytes, half anything.
  char RandomByte() {
    return static_cast<char>(Below(2) ? kBytes[Below(sizeof kBytes)] : Below(256));
  }

  void Mutate(std::string* s) {
    const std::size_t n = s->size();
    switch (Below(12)) {
      case 0:  // flip one bit
        if (n) (*s)[Pos(n)] ^= static_cast<char>(1u << Below(8));
        break;
      case 1:  // set one byte
        if (n) (*s)[Pos(n)] = RandomByte();
        break;
      case 2:  // insert one byte
        s->insert(s->begin() + static_cast<std::ptrdiff_t>(Pos(n + 1)), RandomByte());
        break;
      case 3:  // delete 1..16 bytes
        if (n) {
          const std::size_t at = Pos(n);
          s->erase(at, 1 + Below(16));
        }
        break;
      case 4:  // duplicate a chunk somewhere
        if (n) {
          const std::size_t at = Below(n), len = 1 + Below(std::min<std::size_t>(n - at, 512));
          const std::string chunk = s->substr(at, len);
          s->insert(Below(n + 1), chunk);
        }
        break;
      case 5:  // truncate
        s->resize(Below(n + 1));
        break;
      case 6: {  // splice: this seed's head, another seed's tail
        const std::string& o = (*seeds_)[Below(seeds_->size())].bytes;
        *s = s->substr(0, Below(n + 1)) + o.substr(Below(o.size() + 1));
        break;
      }
      case 7:  // insert a dictionary token
        if (!dict_->all.empty()) s->insert(Pos(n + 1), dict_->all[Below(dict_->all.size())]);
        break;
      case 8:
      case 9:  // replace a number (readers of numbers are the usual weak spot)
        ReplaceNumber(s);
        break;
      case 10:  // duplicate a line
      case 11: {  // delete a line
        if (!n) break;
        const std::size_t at = Below(n);
        const std::size_t b = s->rfind('\n', at) == std::string::npos ? 0 : s->rfind('\n', at) + 1;
        const std::size_t e = s->find('\n', at) == std::string::npos ? n : s->find('\n', at) + 1;
        const std::string line = s->substr(b, e - b);
        if (Below(2)) s->insert(e, line);
        else s->erase(b, e - b);
        break;
      }
    }
  }

  void ReplaceNumber(std::string* s) {
    const std::size_t n = s->size();
    if (!n) return;
    const std::size_t start = Below(n);
    std::size_t at = std::string::npos;
    for (std::size_t k = 0; k < n && at == std::string::npos; ++k) {
      const std::size_t i = (start + k) % n;
      if ((*s)[i] >= '0' && (*s)[i] <= '9') at = i;
    }
    if (at == std::string::npos || dict_->numbers.empty()) return;
    auto in_number = [&](char c) {
      return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
    };
    std::size_t b = at, e = at;
    while (b > 0 && in_number((*s)[b - 1])) --b;
    while (e < n && in_number((*s)[e])) ++e;
    s->replace(b, e - b, dict_->numbers[Below(dict_->numbers.size())]);
  }

  std::uint64_t state_;
  const std::vector<Seed>* seeds_;
  const Dictionary* dict_;
  std::size_t max_len_;
};

// ---- running --------------------------------------------------------------------------

/// Runs one input; returns "" when every check held, else what failed.
std::string RunOne(const std::string& input) {
  g_current = &input;
  std::string failure;
  try {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  } catch (const Failure& f) {
    failure = f.what();
    if (failure.empty()) failure = "(failure without a message)";
  }
  g_current = nullptr;
  return failure;
}

/// Runs `input` in a child process: "" when it passes, else a short description of how it
/// failed ("signal 11" or the start of the failure message).
std::string FailureInChild(const std::string& input) {
  int fds[2];
  if (::pipe(fds) != 0) return "";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) ::dup2(devnull, 2);
    g_crash_path[0] = '\0';
    const std::string f = RunOne(input);
    [[maybe_unused]] ssize_t r = ::write(fds[1], f.data(), std::min<std::size_t>(f.size(), 60));
    ::_exit(f.empty() ? 0 : 1);
  }
  ::close(fds[1]);
  char buf[64];
  ssize_t got = ::read(fds[0], buf, sizeof buf);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) return fmt::format("signal {}", WTERMSIG(status));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return "";
  return got > 0 ? std::string(buf, static_cast<std::size_t>(got)).substr(0, 30) : "failure";
}

int Minimize(const std::string& in_path, const std::string& out_path) {
  std::string input;
  if (!ReadBytes(in_path, &input)) {
    std::fprintf(stderr, "cannot read %s\n", in_path.c_str());
    return 2;
  }
  const std::string how = FailureInChild(input);
  if (how.empty()) {
    std::fprintf(stderr, "%s does not fail; nothing to minimize\n", in_path.c_str());
    return 2;
  }
  std::printf("minimizing %zu bytes failing with '%s'\n", input.size(), how.c_str());
  // Delta debugging on chunks: drop any chunk whose removal keeps the same failure.
  for (std::size_t chunk = std::max<std::size_t>(input.size() / 2, 1); chunk >= 1; chunk /= 2) {
    for (std::size_t at = 0; at < input.size();) {
      std::string shorter = input;
      shorter.erase(at, chunk);
      if (FailureInChild(shorter) == how) input = std::move(shorter);
      else at += chunk;
    }
    if (chunk == 1) break;
  }
  if (!WriteBytes(out_path, input)) {
    std::fprintf(stderr, "cannot write %s\n", out_path.c_str());
    return 2;
  }
  std::printf("minimized to %zu bytes, written to %s:\n%s\n", input.size(), out_path.c_str(),
              Escaped(input).c_str());
  return 0;
}

struct Args {
  long runs = 1000;
  std::uint64_t seed = 20261128;
  std::size_t max_len = 0;  // 0: 2 x the largest seed, at least 64 KiB
  std::string out_dir = ".";
  std::string dict;  // fuzz.dict; without one the token and number mutations do nothing
  int max_failures = 100;  // the run stops after this many
  std::vector<std::string> paths;
  std::string minimize_in, minimize_out;
};

bool ParseArgs(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (arg == "--runs" && (v = value())) a->runs = std::strtol(v, nullptr, 10);
    else if (arg == "--seed" && (v = value())) a->seed = std::strtoull(v, nullptr, 10);
    else if (arg == "--max-len" && (v = value())) a->max_len = std::strtoull(v, nullptr, 10);
    else if (arg == "--out" && (v = value())) a->out_dir = v;
    else if (arg == "--dict" && (v = value())) a->dict = v;
    else if (arg == "--max-failures" && (v = value())) a->max_failures = std::atoi(v);
    else if (arg == "--minimize" && i + 2 < argc) {
      a->minimize_in = argv[++i];
      a->minimize_out = argv[++i];
    } else if (!arg.empty() && arg[0] == '-') return false;
    else a->paths.push_back(arg);
  }
  return a->runs >= 0;
}

int Main(int argc, char** argv) {
  const std::string name = fs::path(argv[0]).filename().string();
  Args a;
  if (!ParseArgs(argc, argv, &a)) {
    std::fprintf(stderr,
                 "usage: %s [--runs N] [--seed S] [--max-len BYTES] [--out DIR] "
                 "[--dict FILE] [--max-failures K] PATH...\n"
                 "       %s --minimize FAILING_INPUT OUTPUT\n",
                 name.c_str(), name.c_str());
    return 2;
  }
  if (!a.minimize_in.empty()) return Minimize(a.minimize_in, a.minimize_out);

  Dictionary dict;
  std::string dict_error;
  if (!a.dict.empty() && !ReadDictionary(a.dict, &dict, &dict_error)) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), dict_error.c_str());
    return 2;
  }
  const std::vector<Seed> seeds = LoadSeeds(a.paths);
  if (seeds.empty()) {
    std::fprintf(stderr, "%s: no seed inputs found\n", name.c_str());
    return 2;
  }
  std::size_t largest = 0, total_bytes = 0;
  for (const Seed& s : seeds) {
    largest = std::max(largest, s.bytes.size());
    total_bytes += s.bytes.size();
  }
  const std::size_t max_len = a.max_len ? a.max_len : std::max<std::size_t>(2 * largest, 65536);
  InstallCrashHandler((fs::path(a.out_dir) / (name + "-crash.bin")).string());

  int failures = 0;
  double slowest = 0.0;
  std::size_t slowest_size = 0;
  auto run = [&](const std::string& input, const std::string& label) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::string failure = RunOne(input);
    const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (dt > slowest) {
      slowest = dt;
      slowest_size = input.size();
    }
    if (failure.empty()) return;
    ++failures;
    const fs::path saved = fs::path(a.out_dir) / fmt::format("{}-failure-{}.bin", name, failures);
    const bool kept = failures <= 20 && WriteBytes(saved, input);
    std::printf("\n*** FAILURE %d on %s (%zu bytes)%s\n%s\n--- input ---\n%s\n---\n", failures,
                label.c_str(), input.size(),
                kept ? (" saved as " + saved.string()).c_str() : "", failure.c_str(),
                Escaped(input).c_str());
  };

  const auto t0 = std::chrono::steady_clock::now();
  for (const Seed& s : seeds) run(s.bytes, "seed " + s.name);
  Mutator m(a.seed, &seeds, &dict, max_len);
  long mutations = 0;
  for (; mutations < a.runs && failures < a.max_failures; ++mutations)
    run(m.Next(), fmt::format("mutation {}", mutations));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const long execs = static_cast<long>(seeds.size()) + mutations;
  std::printf("%s: %zu seeds (%zu bytes), %ld mutations (seed %llu, max %zu bytes): %ld "
              "executions in %.2f s (%.0f/s), slowest %.1f ms (%zu bytes), %d failure(s)\n",
              name.c_str(), seeds.size(), total_bytes, mutations,
              static_cast<unsigned long long>(a.seed), max_len, execs, secs,
              secs > 0 ? execs / secs : 0.0, slowest * 1e3, slowest_size, failures);
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace corridor::fuzz

int main(int argc, char** argv) { return corridor::fuzz::Main(argc, argv); }
