// corridor: command-line front end. All work is done by the library; this file only
// dispatches to the subcommands.
#include <algorithm>
#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.h"
#include "corridor/file.h"
#include "corridor/version.h"
#include "core/printable.h"
#include "core/suggest.h"

namespace {

// One walk over the line, as CLI11 reads it, for what its message leaves unsaid: the
// options the command chosen (or, before its name, the program) does not know, each with
// the nearest known one (" (did you mean '--slack'?)"), each once; a misspelt command
// ("simulat") in the program's first word; and where each word stands. A value is no
// option name: the word an option takes next ("--temperature -300", "--friction -x": CLI11
// takes it as the value whatever its form; also after `--opt=` left empty), a value joined
// to a short option ("-o/tmp/x.json"), and a negative number ('-' and a digit, as CLI11
// has it: "-.5" is an option to it). After the mark `--` every word is an operand.
struct UnknownWord {
  std::string name;
  std::string hint;
  bool option = false;  // an option's name (else a command's)
};
struct LineWalk {
  std::vector<UnknownWord> unknown;
  int operands_from = 0;  // the first word after the mark (argc: no mark)
  int command_at = 0;     // the command's name in argv (0: none)
};
LineWalk WalkLine(const CLI::App& app, const CLI::App& cmd, int argc, char** argv) {
  const auto names_of = [](const CLI::App& a, std::vector<std::string>* names,
                           std::vector<std::string>* takes_value) {
    for (const CLI::Option* o : a.get_options()) {
      for (const std::string& l : o->get_lnames()) names->push_back("--" + l);
      for (const std::string& sn : o->get_snames()) names->push_back("-" + sn);
      if (o->get_items_expected_min() > 0) {
        for (const std::string& l : o->get_lnames()) takes_value->push_back("--" + l);
        for (const std::string& sn : o->get_snames()) takes_value->push_back("-" + sn);
      }
    }
  };
  std::vector<std::string> top_names, top_values, names, takes_value;
  names_of(app, &top_names, &top_values);
  names_of(cmd, &names, &takes_value);
  std::vector<std::string_view> commands;
  for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
  LineWalk w;
  w.operands_from = argc;
  bool value_next = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") {
      w.operands_from = i + 1;
      break;
    }
    if (value_next) {
      value_next = false;
      continue;
    }
    const bool top = &cmd != &app && w.command_at == 0;  // before the command's name
    if (top && a == cmd.get_name()) {
      w.command_at = i;
      continue;
    }
    const std::vector<std::string>& known = top || &cmd == &app ? top_names : names;
    const std::vector<std::string>& valued = top || &cmd == &app ? top_values : takes_value;
    if (a.size() < 2 || a[0] != '-') {
      // A misspelt command: the program's first word, where no command was chosen.
      if (&cmd == &app && i == 1 && !a.empty())
        w.unknown.push_back({std::string(a), corridor::DidYouMean(a, commands), false});
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(a[1]))) continue;  // a negative number
    const bool long_name = a[1] == '-';
    std::string_view name = long_name ? a.substr(0, a.find('=')) : a.substr(0, 2);
    const bool joined = long_name ? a.find('=') != std::string_view::npos : a.size() > 2;
    if (name == "--" || name == "-") name = a;  // ("--=x": no name before its '=')
    if (std::find(known.begin(), known.end(), name) != known.end()) {
      const bool takes = std::find(valued.begin(), valued.end(), name) != valued.end();
      // (`--opt=` left empty takes the next word, as `--opt` does.)
      value_next = takes && (!joined || (long_name && a.size() == name.size() + 1));
      continue;
    }
    if (std::any_of(w.unknown.begin(), w.unknown.end(),
                    [&](const UnknownWord& u) { return u.option && u.name == name; }))
      continue;
    const std::vector<std::string_view> near(known.begin(), known.end());
    w.unknown.push_back({std::string(name), corridor::DidYouMean(name, near), true});
  }
  return w;
}

// A word of the line as a message shows it: in quotes where it is empty or holds a blank,
// a control character, a quote or a mark of the message's own form ("y [x];" read as a
// rule), an inner quote doubled.
std::string ShownWord(const std::string& w) {
  const bool plain = !w.empty() && std::none_of(w.begin(), w.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u < 0x21 || u == 0x7f || std::string_view("[];'\"").find(ch) != std::string::npos;
  });
  if (plain) return w;
  std::string out = "'";
  for (const char ch : w) out += ch == '\'' ? std::string("''") : std::string(1, ch);
  return out + "'";
}

// A single-value option given more than once (`--gas M=16 --gas M=17`): which one was
// meant is not for the program to guess. CLI11 threw at the first such option, before the
// values of the options after it were converted, so their problems went unsaid, and its
// words had no rule ("--gas: At Most 1 required but received 2"). Every single-value option
// now keeps its values (TakeLast, RepeatAllowed below), and these lines go with the
// command's other usage problems: "--gas is given 2 times; give it once [repeated-option]".
bool SingleValued(const CLI::Option& o) {
  return !o.get_positional() && o.get_items_expected_min() >= 1 &&
         o.get_items_expected_max() == 1;
}

void RepeatAllowed(CLI::App& cmd) {
  for (CLI::Option* o : cmd.get_options())
    if (SingleValued(*o)) o->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

std::vector<std::string> RepeatedOptions(const CLI::App& cmd) {
  std::vector<std::string> out;
  for (const CLI::Option* o : cmd.get_options())
    if (SingleValued(*o) && o->count() > 1) {
      // Every name it goes by: "-o ... --output ..." is --output given twice too.
      std::vector<std::string> names;
      for (const std::string& sn : o->get_snames()) names.push_back("-" + sn);
      for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
      out.push_back(fmt::format("{} is given {} times; give it once [repeated-option]",
                                fmt::join(names, "/"), o->count()));
    }
  return out;
}

// CLI11's words for an option given without its value ("--temperature=" said "--temperature:
// 1 required FLOAT:FINITE missing", its validator's name for a type): the option, what it
// takes and the rule, as the commands' own usage problems say it.
// Empty where the message is not of that form.
std::string PlainMissingValue(const std::string& what) {
  const std::size_t colon = what.find(": ");
  const std::size_t req = what.find(" required ", colon == std::string::npos ? 0 : colon);
  if (colon == std::string::npos || req == std::string::npos || !what.ends_with(" missing") ||
      what.compare(0, 1, "-") != 0)
    return {};
  const std::string count = what.substr(colon + 2, req - colon - 2);
  if (count.empty() || count.find_first_not_of("0123456789") != std::string::npos) return {};
  const std::string type = what.substr(req + 10, what.size() - 8 - req - 10);
  const std::string kind = type.rfind("FLOAT", 0) == 0 ? "a number"
                           : type.rfind("INT", 0) == 0 || type.rfind("UINT", 0) == 0
                               ? "a whole number"
                               : "a value";
  return fmt::format("{} needs {}, and none was given [missing-value]", what.substr(0, colon),
                     count == "1" ? kind : count + " values, each " + kind);
}

// The rule of a usage error CLI11 found, by its type (CLI11 names some of its errors after
// the command that threw them), as the commands' own problems carry one ("validate: dir is
// required" had none).
const char* UsageRule(const CLI::ParseError& e) {
  if (dynamic_cast<const CLI::RequiredError*>(&e)) return "missing-argument";
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) return "unexpected-argument";
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) return "value-count";
  if (dynamic_cast<const CLI::ValidationError*>(&e) ||
      dynamic_cast<const CLI::ConversionError*>(&e))
    return "bad-value";
  if (dynamic_cast<const CLI::ExcludesError*>(&e)) return "excluded-option";
  if (dynamic_cast<const CLI::RequiresError*>(&e)) return "needs-option";
  return "usage";
}

// The required options and arguments the line lacks that CLI11's message does not name (it
// stops at the first: "convert x.net" said "--to is required" and nothing of --output).
std::vector<std::string> OtherMissing(const CLI::App& cmd, std::string_view what) {
  std::vector<std::string> out;
  for (const CLI::Option* o : cmd.get_options()) {
    if (!o->get_required() || o->count() > 0) continue;
    const std::string name = o->get_name(false, true);
    std::string shown = o->get_lnames().empty() ? name : "--" + o->get_lnames().front();
    if (what.find(shown) != std::string_view::npos) continue;
    out.push_back(fmt::format("{} is required too", shown));
  }
  return out;
}

// The line that says a usage error CLI11 found: each problem with its rule. CLI11's own
// finding first: the words it did not expect, but for the unknown options
// ([unexpected-argument]; the mark `--` is no mistake of the line's and is left out), a
// missing value in words ([missing-value]), or its message with the rule of its type; then
// every required argument the line lacks ([missing-argument]: CLI11 names the first), and
// every unknown option, "no option --x" with the nearest known one ([unknown-option]:
// CLI11 names none where it found another problem first, "files is required" and nothing
// of --slak).
std::string UsageLine(const CLI::App& app, const CLI::App& cmd, int argc, char** argv,
                      const CLI::ParseError& e) {
  const std::string what = e.what();
  const LineWalk walk = WalkLine(app, cmd, argc, argv);
  std::vector<std::string> said;
  // The words the parsers left (the program's, and the command's), in the line's order and
  // each whole (CLI11's message lists one parser's the other way round, joined by blanks),
  // less the mark and the unknown options said below; a word after the mark is an operand,
  // however it is spelt. Said beside another problem too: `corridor -- --bogus check` left
  // --bogus to the program, and only check's missing file was said.
  const auto unexpected = [&] {
    std::vector<std::string> left = app.remaining(false);
    if (&cmd != &app)
      for (std::string& x : cmd.remaining(false)) left.push_back(std::move(x));
    const int operands = walk.operands_from;
    std::vector<std::string> others;
    for (int i = 1; i < argc; ++i) {
      const std::string word = argv[i];
      const auto l = std::find(left.begin(), left.end(), word);
      if (l == left.end()) continue;
      left.erase(l);
      if (i == operands - 1 && word == "--") continue;  // the mark
      if (i < operands && word.size() > 1 && word[0] == '-' &&
          std::any_of(walk.unknown.begin(), walk.unknown.end(), [&](const UnknownWord& u) {
            return u.option && word.compare(0, u.name.size(), u.name) == 0;
          }))
        continue;
      std::string shown = ShownWord(word);
      if (i == 1)  // (a misspelt command's hint, at its word)
        for (const UnknownWord& u : walk.unknown)
          if (!u.option && u.name == word) shown += u.hint;
      others.push_back(std::move(shown));
    }
    for (const std::string& x : left) others.push_back(ShownWord(x));  // (none found: kept)
    return others.empty() ? std::string()
                          : fmt::format("The following argument{} not expected: {} "
                                        "[unexpected-argument]",
                                        others.size() == 1 ? " was" : "s were",
                                        fmt::join(others, " "));
  };
  const std::string extras = unexpected();
  const bool extras_error = dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr;
  if (extras_error) {
    if (!extras.empty()) said.push_back(extras);
  } else if (std::string plain = PlainMissingValue(what); !plain.empty()) {
    said.push_back(std::move(plain));
  } else {
    said.push_back(fmt::format("{} [{}]", what, UsageRule(e)));
  }
  // (After the arguments still required, whose "too" follows the first: the words were put
  // between them.)
  for (const std::string& m : OtherMissing(cmd, what)) said.push_back(m + " [missing-argument]");
  if (!extras_error && !extras.empty()) said.push_back("t" + extras.substr(1));  // (mid-line)
  for (const UnknownWord& u : walk.unknown)
    if (u.option)
      said.push_back(fmt::format("no option {}{} [unknown-option]", ShownWord(u.name), u.hint));
  if (said.empty()) said.push_back(fmt::format("{} [{}]", what, UsageRule(e)));
  std::string out;
  for (const std::string& x : said) out += (out.empty() ? "" : "; ") + x;
  return out;
}

// Whether descriptor 1 was closed when the program started (`corridor >&-`): /dev/null
// then stands in for it, so that no file the command opens becomes descriptor 1 and takes
// the report in.
bool stdout_was_closed = false;

void GuardStandardDescriptors() {
  for (const int fd : {0, 1, 2}) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int null_fd = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (null_fd < 0) continue;
    if (null_fd != fd) {
      dup2(null_fd, fd);
      close(null_fd);
    }
    if (fd == 1) stdout_was_closed = true;
  }
}

// The report on standard output is what a command makes (the main job's is all of it): one
// that could not be written (`> /dev/full`, a full disk, a closed descriptor) exited 0
// unsaid. Said on stderr, and a command that would have exited 0 exits 4 (outputs not
// written); another status stands.
int FinishStandardOutput(int status, const std::string& command) {
  errno = 0;
  const bool flush_failed = std::fflush(stdout) != 0;
  const int err = errno;
  if (!flush_failed && !std::ferror(stdout) && !stdout_was_closed) return status;
  const std::string why = stdout_was_closed ? ": it was closed"
                          : flush_failed && err != 0 ? std::string(": ") + std::strerror(err)
                                                     : std::string();
  std::fprintf(stderr, "corridor%s%s: the report could not be written to standard output%s\n",
               command.empty() ? "" : " ", command.c_str(), why.c_str());
  return status == 0 ? 4 : status;
}

// CLI11 (2.1) ends a command's parse at "--" where its positional argument already holds
// the least number of values it takes: `simulate a.net --slack N=70 -- b.scn` said "b.scn
// was not expected", though after "--" every word is an operand (POSIX's rule, and the
// message of a file read as --slack's value suggests it). The operands given before "--"
// move after it, in their order (where the argument takes several: a command of one, as
// validate's DIR, is not concerned). Which words those are, CLI11 itself says: a trial parse of
// the words before "--", on a second registration of the commands, with each word that
// is no option marked by its index (what the trial's checks or conversions then find is
// thrown away). The line is returned unchanged where nothing moves.
std::vector<std::string> OperandsAfterTheMark(int argc, char** argv) {
  std::vector<std::string> line(argv, argv + argc);
  const auto mark = std::find(line.begin() + std::min(argc, 2), line.end(), "--");
  const int k = static_cast<int>(mark - line.begin());
  if (k >= argc) return line;
  auto marked = [](std::string_view w) { return w == "-" || (!w.empty() && w[0] != '-'); };
  const std::string tag = "\x1f";
  std::vector<std::string> trial_words(line.begin(), line.begin() + k);
  for (int i = 2; i < k; ++i)
    if (marked(trial_words[i])) trial_words[i] += tag + std::to_string(i);
  std::vector<char*> trial_argv;
  for (std::string& w : trial_words) trial_argv.push_back(w.data());
  CLI::App trial;
  trial.require_subcommand(0, 1);
  const std::vector<corridor::cli::Command> commands = {
      corridor::cli::RegisterCheck(trial),    corridor::cli::RegisterConvert(trial),
      corridor::cli::RegisterSimulate(trial), corridor::cli::RegisterValidate(trial),
      corridor::cli::RegisterHydro(trial),    corridor::cli::RegisterTrack(trial),
      corridor::cli::RegisterRun(trial)};
  try {
    trial.parse(k, trial_argv.data());
  } catch (const CLI::Error&) {
    // Only which words went where is wanted; the real parse says what is wrong.
  }
  // Per word before the mark: 1 an operand, 2 a value of an option that takes several.
  std::vector<char> role(argc, 0);
  bool any = false;
  for (const CLI::App* sub : trial.get_subcommands())
    for (const CLI::Option* o : sub->get_options()) {
      // (An argument of one value leaves no gap; an option of one value ends by itself.)
      if (o->get_items_expected_max() <= 1) continue;
      for (const std::string& r : o->results()) {
        const std::size_t at = r.rfind(tag);
        if (at == std::string::npos) continue;
        const int i = std::atoi(r.c_str() + at + tag.size());
        if (i < 2 || i >= k) continue;
        role[i] = o->get_positional() ? 1 : 2;
        any = any || o->get_positional();
      }
    }
  // A mark right after the values of an option that takes several (--slack, --set) is
  // CLI11's end of those values, not the start of the files: given twice there, the second
  // is ("simulate a.net --slack N=70 -- b.scn -x.cs" read -x.cs as an option).
  int last = k - 1;
  while (last >= 2 && role[last] == 1) --last;
  const bool twice = last >= 2 && role[last] == 2;
  if (!any && !twice) return line;
  std::vector<std::string> out;
  for (int i = 0; i < k; ++i)
    if (role[i] != 1) out.push_back(line[i]);
  out.push_back("--");
  if (twice) out.push_back("--");
  for (int i = 2; i < k; ++i)
    if (role[i] == 1) out.push_back(line[i]);
  out.insert(out.end(), line.begin() + k + 1, line.end());
  return out;
}

}  // namespace

// Interrupted (Ctrl-C, a job's kill), the write in progress leaves no temporary file beside
// its targets (hydro's 300 MB daily files left .corridor-*.tmp behind); then the signal's
// own action, so that the exit status says what ended it.
extern "C" void OnTerminatingSignal(int sig) {
  corridor::RemovePendingTemporaries();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// The last net under a command: the library's functions return a status, but its writers
// and reports hand back strings, which the system may refuse to allocate. That ended the
// program by std::terminate (convert under a memory limit: exit 134, helper-292); it is
// said as the readers say it, exit 1. Another exception is a bug, said as one.
template <typename Run>
int Guarded(const std::string& command, Run&& run) {
  const std::string who = command.empty() ? "corridor" : "corridor " + command;
  try {
    return run();
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "%s: not enough memory to finish [out-of-memory]\n", who.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: unexpected exception: %s [internal]\n", who.c_str(),
                 corridor::Printable(e.what()).c_str());
  }
  return 1;
}

int main(int argc, char** argv) {
  using namespace corridor::cli;
  GuardStandardDescriptors();
  // Into a file or a pipe, the report is written in one piece at the end where it fits in
  // 1 MiB, so that a write that fails there is said with its cause (the main job's report,
  // written in 4 KiB pieces, failed at one whose errno was gone at the end: "could not be
  // written to standard output" with no reason). On a terminal, lines as ever.
  static std::vector<char> stdout_buffer;
  if (!isatty(STDOUT_FILENO)) {
    stdout_buffer.resize(std::size_t{1} << 20);
    std::setvbuf(stdout, stdout_buffer.data(), _IOFBF, stdout_buffer.size());
  }
  // A reader that went away (`corridor check ... | head -1`, a script's pipe closed early)
  // ended the program by SIGPIPE, exit 141, where the report could not be written: the
  // write now fails with EPIPE, said as every other failed write of the report (exit 4).
  std::signal(SIGPIPE, SIG_IGN);
  // (Not a signal the caller ignores: nohup's SIGHUP, a background job's SIGINT.)
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old {};
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction on {};
    on.sa_handler = OnTerminatingSignal;
    sigemptyset(&on.sa_mask);
    sigaction(sig, &on, nullptr);
  }
  CLI::App app{"corridor: simulation and planning of cross-border gas transit networks"};
  app.set_version_flag("--version", std::string("corridor ") + corridor::kVersion);
  app.require_subcommand(0, 1);
  app.footer(
      "Without a subcommand: the main job, every scenario of the bundled corridor case and "
      "the adviser report (docs/corridor-report.md); exit status 0 when the report is made, "
      "1 when the case cannot be used, 4 when it cannot be written to standard output (as "
      "every command that would exit 0).");
  std::vector<Command> commands = {RegisterCheck(app), RegisterConvert(app),
                                   RegisterSimulate(app), RegisterValidate(app),
                                   RegisterHydro(app), RegisterTrack(app),
                                   RegisterRun(app)};
  // A subcommand's help ended with the main job's footer (CLI11 hands it down); one that
  // sets its own keeps it.
  for (const Command& c : commands)
    if (c.sub != nullptr && c.sub->get_footer() == app.get_footer()) c.sub->footer("");
  for (const Command& c : commands)
    if (c.sub != nullptr) RepeatAllowed(*c.sub);
  std::vector<std::string> line = OperandsAfterTheMark(argc, argv);
  std::vector<char*> line_argv;
  for (std::string& w : line) line_argv.push_back(w.data());
  argc = static_cast<int>(line_argv.size());
  line_argv.push_back(nullptr);
  argv = line_argv.data();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and the version are CLI11's to print. A usage error is one line, as every other
    // problem (CLI11 added "Run with --help for more information."), with the command's
    // name and the nearest option of an unknown one; it exits with the chosen command's
    // code for it (1 like any bad option, validate 2), one before the command's name
    // (`corridor --bogus validate DIR`: the program's own options) with 1. The values its
    // checks refused before CLI11 threw (they ran first), and those the command finds
    // before reading a file (Command::option_problems), are listed before that line.
    if (e.get_exit_code() == 0) return FinishStandardOutput(app.exit(e), "");
    // The command parsed (by parsed(), as the run below: a command after a leading `--`
    // is parsed without being listed among get_subcommands()).
    const CLI::App* cmd = &app;
    for (const CLI::App* sub : app.get_subcommands({}))
      if (sub->parsed()) cmd = sub;
    for (const Command& c : commands)
      if (c.sub == cmd && c.option_problems)
        ListUsageProblems(cmd->get_name().c_str(), c.option_problems(), 0);
      else if (c.sub == cmd && c.usage != nullptr)
        ListUsageProblems(cmd->get_name().c_str(), *c.usage, 0);
    if (cmd != &app) ListUsageProblems(cmd->get_name().c_str(), RepeatedOptions(*cmd), 0);
    std::fprintf(stderr, "corridor%s%s: %s (see --help)\n", cmd == &app ? "" : " ",
                 cmd == &app ? "" : cmd->get_name().c_str(),
                 corridor::Printable(UsageLine(app, *cmd, argc, argv, e)).c_str());
    for (const Command& c : commands)
      if (c.sub != nullptr && c.sub->parsed() && argc > 1 && c.sub->get_name() == argv[1])
        return c.usage_error_status;
    return 1;
  }
  for (const Command& c : commands) {
    if (c.sub == nullptr || !c.sub->parsed()) continue;
    const std::vector<std::string> repeated = RepeatedOptions(*c.sub);
    if (!repeated.empty()) {
      if (c.usage == nullptr)
        return ListUsageProblems(c.sub->get_name().c_str(), repeated, c.usage_error_status);
      c.usage->insert(c.usage->end(), repeated.begin(), repeated.end());
    }
    return FinishStandardOutput(Guarded(c.sub->get_name(), c.run), c.sub->get_name());
  }
  return FinishStandardOutput(Guarded("", RunDefaultJob), "");
}
