#include "corridor/file.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>
#include <random>

#include <unistd.h>

#include <fmt/format.h>

#include "core/file_internal.h"
#include "core/guarded_call.h"
#include "core/printable.h"

namespace corridor {

namespace {

namespace fs = std::filesystem;

// What a path that is not a regular file is, for messages.
const char* FileTypeName(fs::file_type t) {
  switch (t) {
    case fs::file_type::directory: return "a directory";
    case fs::file_type::fifo: return "a FIFO (named pipe)";
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::symlink: return "a link to nothing";
    default: return "not a regular file";
  }
}

// A byte count for messages: "8 GiB (8589934592 bytes)".
std::string ShowBytes(std::uintmax_t n) {
  if (n >= (std::uintmax_t{1} << 30))
    return fmt::format("{:.3g} GiB ({} bytes)", static_cast<double>(n) / (1u << 30), n);
  if (n >= (std::uintmax_t{1} << 20))
    return fmt::format("{:.3g} MiB ({} bytes)", static_cast<double>(n) / (1u << 20), n);
  return fmt::format("{} bytes", n);
}

Status TooLarge(const std::string& path, std::uintmax_t size) {
  return Status::IoError(fmt::format("{}: the file holds {}, more than the {} an input file may "
                                     "hold",
                                     Printable(path), ShowBytes(size),
                                     ShowBytes(kMaxInputFileBytes)));
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

namespace file_internal {

Status CheckInputFile(const std::string& path, std::uintmax_t* size) {
  // The system takes a name up to its first NUL: "a\0b" read the file "a".
  if (path.find('\0') != std::string::npos)
    return Status::NotFound(
        fmt::format("{}: no such file (a file name holds no NUL byte)", Printable(path)));
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);  // follows symbolic links
  // A link is said as one: a link whose target is gone was "no such file", and a loop of
  // links only "too many levels of symbolic links".
  std::error_code link_ec;
  const bool link = fs::is_symlink(fs::symlink_status(path, link_ec));
  if (st.type() == fs::file_type::not_found) {
    if (link) {
      const fs::path target = fs::read_symlink(path, link_ec);
      return Status::NotFound(
          fmt::format("{}: a symbolic link to '{}', which does not exist", Printable(path),
                      link_ec ? std::string("?") : Printable(target.string())));
    }
    return Status::NotFound(fmt::format("{}: no such file", Printable(path)));
  }
  if (ec == std::errc::too_many_symbolic_link_levels)
    return Status::IoError(fmt::format(
        "{}: {} symbolic link loop (too many levels of symbolic links)", Printable(path),
        link ? "is a" : "leads through a"));
  if (ec)
    return Status::IoError(fmt::format("{}: cannot open: {}", Printable(path), ec.message()));
  // A device, FIFO or socket may never end (/dev/zero) or block the open (a FIFO with no
  // writer); a folder holds no text. Checked before opening, so that none is opened.
  if (st.type() != fs::file_type::regular)
    return Status::IoError(fmt::format("{}: is {}, expected a regular file", Printable(path),
                                       FileTypeName(st.type())));
  const std::uintmax_t n = fs::file_size(path, ec);
  if (ec)
    return Status::IoError(fmt::format("{}: cannot open: {}", Printable(path), ec.message()));
  if (n > kMaxInputFileBytes) return TooLarge(path, n);
  *size = n;
  return Status::Ok();
}

void ReportUnreadable(const std::string& path, const Status& s, Diagnostics* diag) {
  std::string_view m = s.message();
  const std::string named = Printable(path) + ": ";
  if (m.size() > named.size() && m.substr(0, named.size()) == named) m.remove_prefix(named.size());
  diag->Error(path, 0, "", s.code() == Status::Code::kNotFound ? "file-not-found" : "io-error",
              std::string(m));
}

Status OutOfMemory(const std::string& path, Diagnostics* diag) noexcept {
  try {
    std::string m = fmt::format("not enough memory to read {}", Printable(path));
    if (diag != nullptr) diag->Error(path, 0, "", "out-of-memory", m);
    return Status::IoError(std::move(m));
  } catch (...) {
    return Status::IoError("out of memory");  // short enough to need no allocation
  }
}

}  // namespace file_internal

Status ReadFileToString(const std::string& path, std::string* content) {
  if (content == nullptr)
    return Status::InvalidArgument("ReadFileToString: content must not be null");
  std::uintmax_t size = 0;
  if (Status s = file_internal::CheckInputFile(path, &size); !s.ok()) return s;
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (f == nullptr)
    return Status::IoError(
        fmt::format("{}: cannot open: {}", Printable(path), std::strerror(errno)));
  // One allocation of the file's size and one read: a stream into an ostringstream grew
  // and copied its buffer, 4 ms for the 3 MB GasLib-4197.net against 0.4 ms. The size is
  // only a hint (the file may change meanwhile): read on until EOF, but never past the
  // limit, and answer a failed allocation (a large file, little memory) with a Status.
  std::string s;
  std::size_t n = 0;
  try {
    s.resize(static_cast<std::size_t>(size) + 1);
    while (true) {
      n += std::fread(s.data() + n, 1, s.size() - n, f.get());
      if (n < s.size()) break;
      if (n > kMaxInputFileBytes) return TooLarge(path, n);
      s.resize(std::min<std::size_t>(s.size() * 2, kMaxInputFileBytes + 1));
    }
  } catch (const std::bad_alloc&) {
    return Status::IoError(fmt::format("{}: not enough memory to read its {}", Printable(path),
                                       ShowBytes(std::max<std::uintmax_t>(size, n))));
  }
  if (std::ferror(f.get()) != 0)
    return Status::IoError(fmt::format("{}: read failed", Printable(path)));
  s.resize(n);
  *content = std::move(s);
  return Status::Ok();
}

namespace {

// Where a write to `path` lands: `path` itself, or the end of its chain of symbolic links.
// A link is written through, as a shell's `>` does: the link stays, the file it names gets
// the new content (and the temporary and the rename happen in that file's folder). A
// relative link is resolved against the folder that holds it.
Status ResolveTarget(const std::string& path, fs::path* target) {
  fs::path p(path);
  for (int hops = 0;; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) break;
    if (hops == 40)  // the limit Linux has (ELOOP)
      return Status::IoError(
          fmt::format("{}: too many levels of symbolic links", Printable(path)));
    const fs::path next = fs::read_symlink(p, ec);
    if (ec)
      return Status::IoError(
          fmt::format("{}: cannot follow the symbolic link: {}", Printable(path), ec.message()));
    p = next.is_absolute() ? next : p.parent_path() / next;
  }
  *target = std::move(p);
  return Status::Ok();
}

// The checks made on every target before anything is written: its folder exists, and
// what is there already, if anything, is a regular file. A FIFO, device or socket is
// refused rather than replaced by a regular file (which left /dev/full a plain file when
// root wrote to it), and so is a folder.
Status CheckTarget(const std::string& path, const fs::path& target) {
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string shown =
      target == fs::path(path)
          ? Printable(path)
          : fmt::format("{} (a link to {})", Printable(path), Printable(target.string()));
  std::error_code ec;
  if (path.empty()) return Status::InvalidArgument("an output path is empty");
  // (As for reading: "a\0b" wrote the file "a".)
  if (path.find('\0') != std::string::npos)
    return Status::InvalidArgument(fmt::format(
        "{}: an output path holds no NUL byte (the system would write '{}')", Printable(path),
        Printable(path.c_str())));
  if (!fs::is_directory(dir, ec))
    return Status::IoError(
        fs::exists(dir, ec)
            ? fmt::format("{}: '{}' is not a folder", shown, Printable(dir.string()))
            : fmt::format("{}: folder '{}' does not exist", shown, Printable(dir.string())));
  const fs::file_status st = fs::symlink_status(target, ec);
  if (!fs::exists(st) || fs::is_regular_file(st)) return Status::Ok();
  if (fs::is_directory(st))
    return Status::IoError(
        path.back() == '/'
            ? fmt::format("{}: names a folder (it ends in '/'), where a file's name is needed",
                          shown)
            : fmt::format("{}: is a folder, cannot write a file there", shown));
  return Status::IoError(fmt::format("{}: is {}, not a regular file: corridor writes only "
                                     "regular files and will not replace it",
                                     shown, FileTypeName(st.type())));
}

// The temporaries being written, for RemovePendingTemporaries (a signal handler): each
// slot free (0), being filled (1), holding a file's name (2) or a folder's made for the
// write (3), being read by the handler (4), or holding a file moved aside and the name it
// goes back to, NUL between them (5). Fixed storage, so that the handler reads it without
// allocating or locking. A set of n files takes up to 2n slots (a temporary, and a backup or
// a new target's name): 1 024 cover `simulate --plots` of a network with hundreds of units
// (64 did not cover 32 files; the rest went unprotected). The states lie apart from the
// names, so that a scan reads 4 KiB, and a name's pages are touched only once used.
constexpr int kPendingSlots = 1024;
constexpr std::size_t kPendingPath = 4096;
std::atomic<int> g_pending_state[kPendingSlots];
char g_pending_path[kPendingSlots][kPendingPath];

// Keeps `path` among the pending temporaries; the slot's index, or -1 where none is free
// or the name is too long (the file is then left to the write's own cleanup alone).
int RegisterPending(const fs::path& path, int kind = 2) {
  const std::string& name = path.native();
  if (name.size() >= kPendingPath) return -1;
  for (int i = 0; i < kPendingSlots; ++i) {
    int expected = 0;
    if (!g_pending_state[i].compare_exchange_strong(expected, 1)) continue;
    std::memcpy(g_pending_path[i], name.c_str(), name.size() + 1);
    g_pending_state[i].store(kind);
    return i;
  }
  return -1;
}

int RegisterMovedAsideSlot(const std::string& aside, const std::string& original) {
  if (aside.size() + original.size() + 2 > kPendingPath) return -1;
  for (int i = 0; i < kPendingSlots; ++i) {
    int expected = 0;
    if (!g_pending_state[i].compare_exchange_strong(expected, 1)) continue;
    std::memcpy(g_pending_path[i], aside.c_str(), aside.size() + 1);
    std::memcpy(g_pending_path[i] + aside.size() + 1, original.c_str(), original.size() + 1);
    g_pending_state[i].store(5);
    return i;
  }
  return -1;
}

void ReleasePending(int* slot) {
  if (*slot >= 0) {
    std::atomic<int>& state = g_pending_state[*slot];
    // Not while the handler reads its name on another thread.
    for (int s = state.load(); !(s != 4 && state.compare_exchange_weak(s, 0));) s = state.load();
  }
  *slot = -1;
}

// A name for a temporary or backup file in `dir`: short and of fixed length, so that it
// fits wherever the target's name does (a 255-byte name plus a suffix did not).
fs::path ScratchName(const fs::path& dir, const char* suffix) {
  std::random_device rd;
  return dir / fmt::format(".corridor-{:08x}{}", rd(), suffix);
}

// Writes content to a new temporary file in the folder of `target` (the resolved target
// of `path`, which messages name); *tmp receives its name.
Status WriteTemporary(const std::string& path, const fs::path& target,
                      const std::string& content, fs::path* tmp, int* slot) {
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::unique_ptr<std::FILE, FileCloser> out;
  // "x": created here or not at all, so that an existing file that happens to carry the
  // name is never truncated; another name is tried then.
  for (int attempt = 0; attempt < 8 && out == nullptr; ++attempt) {
    *tmp = ScratchName(dir, ".tmp");
    out.reset(std::fopen(tmp->c_str(), "wbx"));
    if (out == nullptr && errno != EEXIST) break;
  }
  if (out == nullptr)
    return Status::IoError(fmt::format("{}: cannot create temporary file: {}", Printable(path),
                                       std::strerror(errno)));
  *slot = RegisterPending(*tmp);
  errno = 0;
  const bool written = std::fwrite(content.data(), 1, content.size(), out.get()) ==
                       content.size();
  const int write_errno = errno;
  errno = 0;
  const bool closed = std::fclose(out.release()) == 0;  // a full disk may show only here
  const int close_errno = errno;
  if (!written || !closed) {
    // The reason with it ("No space left on device"): it said only "write failed".
    const int why = !written && write_errno != 0 ? write_errno : close_errno;
    std::error_code ec;
    fs::remove(*tmp, ec);
    ReleasePending(slot);
    return Status::IoError(fmt::format("{}: write failed{}", Printable(path),
                                       why != 0 ? fmt::format(": {}", std::strerror(why)) : ""));
  }
  return Status::Ok();
}

// A target on its way to being replaced: its new content waits in `tmp`; an old file, if
// there was one, is kept as `backup` until every target is in place, so that a failure
// can put it back.
struct Replacement {
  std::filesystem::path target, tmp, backup;
  bool moved_aside = false;  // the backup is the old file renamed away, not a hard link
  bool replaced = false;     // tmp has been renamed over target
  int pending = -1;          // tmp's slot among the pending temporaries
  int backup_pending = -1;   // the backup's, put back over the target on an interrupt
  int new_pending = -1;      // a new target's (no old file), removed on an interrupt
};

// Keeps the old file at r->target (if any) under a backup name in the same folder: a hard
// link where the file system allows it (the target stays in place until the rename
// replaces it), a rename otherwise. The new file takes the old one's permissions.
Status KeepOldFile(Replacement* r) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status old = fs::symlink_status(r->target, ec);
  // A target new to the folder is removed on an interrupt (kind 2, as a temporary).
  if (!fs::exists(old)) {
    r->new_pending = RegisterPending(r->target);
    return Status::Ok();
  }
  // A folder is never moved aside: the rename over it fails and says so.
  if (fs::is_directory(old)) return Status::Ok();
  if (fs::is_regular_file(old)) fs::permissions(r->tmp, old.permissions(), ec);
  fs::path backup = ScratchName(
      r->target.has_parent_path() ? r->target.parent_path() : fs::path("."), ".old");
  // The backup is registered to be put back over the target on an interrupt (SIGTERM while
  // the set was renamed into place left it half new, half old): before the target is
  // replaced that renames the old file over itself, after it restores it.
  r->backup_pending = RegisterMovedAsideSlot(backup.string(), r->target.string());
  fs::create_hard_link(r->target, backup, ec);
  if (ec) {
    fs::rename(r->target, backup, ec);
    if (ec) {
      ReleasePending(&r->backup_pending);
      return Status::IoError(fmt::format("{}: cannot replace the existing file: {}",
                                         Printable(r->target.string()), ec.message()));
    }
    r->moved_aside = true;
  }
  r->backup = std::move(backup);
  return Status::Ok();
}

// Undoes a failed run: every replaced target gets its old file back (or is removed where
// there was none), backups and temporaries go. Returns what could not be undone, empty
// when everything is as it was.
std::string Restore(std::vector<Replacement>* replacements) {
  namespace fs = std::filesystem;
  std::string left;
  for (auto it = replacements->rbegin(); it != replacements->rend(); ++it) {
    std::error_code ec;
    if (!it->backup.empty() && (it->replaced || it->moved_aside)) {
      fs::rename(it->backup, it->target, ec);
      if (ec)
        left += fmt::format("; the old {} could not be put back ({}), it is kept as {}",
                            Printable(it->target.string()), ec.message(),
                            Printable(it->backup.string()));
    } else if (it->replaced) {
      fs::remove(it->target, ec);
      if (ec)
        left += fmt::format("; the new {} could not be removed ({})",
                            Printable(it->target.string()), ec.message());
    } else if (!it->backup.empty()) {
      fs::remove(it->backup, ec);  // a hard link: the target itself was never touched
    }
    if (!it->replaced) fs::remove(it->tmp, ec);
    ReleasePending(&it->pending);
    ReleasePending(&it->backup_pending);
    ReleasePending(&it->new_pending);
  }
  return left;
}

}  // namespace

namespace file_internal {

int RegisterMovedAside(const std::string& aside, const std::string& original) {
  return RegisterMovedAsideSlot(aside, original);
}

void ReleasePendingSlot(int* slot) { ReleasePending(slot); }

Status WriteFilesAtomically(const std::vector<FileContent>& files,
                            const std::function<void(std::size_t)>& before_replace) {
  namespace fs = std::filesystem;
  std::vector<Replacement> reps;
  reps.reserve(files.size());
  // Every target is resolved and checked before anything is written.
  std::vector<fs::path> targets(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    Status s = ResolveTarget(files[i].path, &targets[i]);
    if (s.ok()) s = CheckTarget(files[i].path, targets[i]);
    if (!s.ok()) return s;
  }
  // Two files of one set on one file (a link from one name to the other: convert's case.scn
  // linked to case.net) would leave only the last, and the set reported written.
  std::vector<fs::path> places(targets.size());
  for (std::size_t i = 0; i < targets.size(); ++i) {
    std::error_code ec;
    places[i] = fs::weakly_canonical(targets[i], ec);
    if (ec) places[i] = targets[i].lexically_normal();
    for (std::size_t k = 0; k < i; ++k)
      if (places[k] == places[i])
        return Status::InvalidArgument(fmt::format(
            "'{}' and '{}' are one file ({}): the set would keep only one of them",
            Printable(files[k].path), Printable(files[i].path), Printable(places[i].string())));
  }
  // An exception on the way (memory) restores what was replaced and removes the
  // temporaries before it goes on to the caller's guard, as a failed write does.
  try {
    for (std::size_t i = 0; i < files.size(); ++i) {
      Replacement r;
      r.target = targets[i];
      Status s = WriteTemporary(files[i].path, targets[i], files[i].content, &r.tmp, &r.pending);
      if (!s.ok()) {
        Restore(&reps);  // nothing replaced yet: only removes the temporaries
        return s;
      }
      reps.push_back(std::move(r));
    }
    // Renames within one folder fail only in exceptional cases (a folder appeared at the
    // target meanwhile, an immutable file, a sticky folder owned by someone else); then the
    // targets replaced so far get their old files back, so that none of the set is left.
    for (std::size_t i = 0; i < reps.size(); ++i) {
      if (before_replace) before_replace(i);
      Replacement& r = reps[i];
      Status s = KeepOldFile(&r);
      if (s.ok()) {
        std::error_code ec;
        fs::rename(r.tmp, r.target, ec);
        if (ec) {
          s = Status::IoError(
              fmt::format("{}: cannot rename temporary file: {}", Printable(files[i].path),
                          ec.message()));
        } else {
          r.replaced = true;
          ReleasePending(&r.pending);
        }
      }
      if (!s.ok()) {
        const std::string left = Restore(&reps);
        return left.empty() ? s : Status::IoError(s.message() + left);
      }
    }
  } catch (...) {
    Restore(&reps);
    throw;
  }
  // The set is in place: nothing is to be undone on an interrupt any more.
  for (Replacement& r : reps) {
    ReleasePending(&r.backup_pending);
    ReleasePending(&r.new_pending);
  }
  for (Replacement& r : reps) {
    std::error_code ec;
    if (!r.backup.empty()) fs::remove(r.backup, ec);
  }
  return Status::Ok();
}

}  // namespace file_internal

void RemovePendingTemporaries() noexcept {
  // Each name taken over before it is read (a writer on another thread cannot release and
  // reuse the slot meanwhile); the caller ends the process after.
  // (Given back after, for a caller that goes on: a test.)
  for (int i = 0; i < kPendingSlots; ++i)
    if (int s = 2; g_pending_state[i].compare_exchange_strong(s, 4)) {
      ::unlink(g_pending_path[i]);
      g_pending_state[i].store(2);
    }
  // An earlier run's file moved aside (WriteOutputSet) goes back under its name: SIGTERM
  // while hydro wrote left its stale files hidden as dot files, beside the old report.
  // So does the old file of a target the set was replacing (its backup: SIGTERM during the
  // renames left the set half new, half old), and the new targets went above. A backup
  // still hard-linked to its target is the same file, which rename leaves as it is: the
  // extra name is removed then (only where rename succeeded).
  for (int i = 0; i < kPendingSlots; ++i)
    if (int s = 5; g_pending_state[i].compare_exchange_strong(s, 4)) {
      const char* aside = g_pending_path[i];
      if (::rename(aside, aside + std::strlen(aside) + 1) == 0) ::unlink(aside);
      g_pending_state[i].store(5);
    }
  // Then the folders made for the write, where they are empty now (rmdir refuses others):
  // a folder made in another goes first, so each pass removes what it can and leaves the
  // rest for the next (a slot's index says nothing of the order they were made in).
  for (int pass = 0; pass < kPendingSlots; ++pass) {
    bool removed = false;
    for (int i = 0; i < kPendingSlots; ++i) {
      int s = 3;
      if (!g_pending_state[i].compare_exchange_strong(s, 4)) continue;
      removed = ::rmdir(g_pending_path[i]) == 0 || removed;
      g_pending_state[i].store(3);  // (not empty yet: tried again next pass; removed: fails then)
    }
    if (!removed) break;
  }
}

std::pair<fs::path, fs::file_type> file_internal::NotAFolderOnTheWay(const std::string& dir) {
  std::error_code ec;
  for (fs::path p = fs::path(dir).lexically_normal(); !p.empty(); p = p.parent_path()) {
    const fs::file_status st = fs::status(p, ec);
    if (!ec && fs::exists(st) && !fs::is_directory(st)) return {p, st.type()};
    // A link to nothing: no folder is made through it (it was found only when the files
    // were written, after the whole run).
    if (!fs::exists(st) && fs::is_symlink(fs::symlink_status(p, ec)))
      return {p, fs::file_type::symlink};
    if (p == p.parent_path()) break;
  }
  return {};
}

Status WriteFilesAtomically(const std::vector<FileContent>& files) {
  return internal::GuardedCall("WriteFilesAtomically",
                               [&] { return file_internal::WriteFilesAtomically(files, {}); });
}

namespace {

Status WriteFilesIntoFoldersUnguarded(const std::vector<std::string>& dirs,
                                      const std::vector<FileContent>& files) {
  namespace fs = std::filesystem;
  std::vector<fs::path> created;  // every folder this call made, in the order made
  std::vector<int> pending;       // their slots among the pending (an interrupted write)
  auto release = [&]() {
    for (int& slot : pending) ReleasePending(&slot);
  };
  // The folders made, emptied of this call's files by the failed write, go in reverse
  // order, each only where empty: remove_all took what another thread or process had
  // written there meanwhile (a scenario written beside it into out/<name>/, reported
  // written, was gone once this call failed).
  auto undo = [&]() {
    std::error_code ec;
    for (auto it = created.rbegin(); it != created.rend(); ++it) fs::remove(*it, ec);
    release();
  };
  for (const std::string& dir : dirs) {
    if (dir.find('\0') != std::string::npos) {
      undo();
      return Status::InvalidArgument(fmt::format(
          "{}: a folder name holds no NUL byte (the system would make '{}')", Printable(dir),
          Printable(dir.c_str())));
    }
    // Made one folder at a time from the top, each one made kept, so that those made go
    // again where a later one fails: create_directories left the folders it had made behind
    // ("--out a/b/<300 characters>": a/ and a/b/ stayed), and a stat error on the way (a
    // name too long) hid which were new. The parts as given ("a/../b" makes a/ and b/: the
    // files go to the path as given, through a/).
    std::error_code ec;
    const std::size_t made_before = created.size();
    fs::path at;
    for (const fs::path& part : fs::path(dir)) {
      at /= part;
      if (part.empty()) continue;  // (the empty last part of "a/b/")
      if (fs::create_directory(at, ec)) created.push_back(at);
      if (ec) break;
    }
    if (ec) {
      undo();
      // (A link to nothing said "cannot create folder: File exists".)
      std::error_code lec;
      for (fs::path p = fs::path(dir).lexically_normal(); !p.empty(); p = p.parent_path()) {
        if (fs::is_symlink(fs::symlink_status(p, lec)) && !fs::exists(p, lec))
          return Status::IoError(fmt::format(
              "{}: cannot create folder: {} is a symbolic link to '{}', which does not exist",
              Printable(dir), Printable(p.string()),
              Printable(fs::read_symlink(p, lec).string())));
        if (p == p.parent_path()) break;
      }
      // What stands where a folder must be: "Not a directory" said nothing of the FIFO or
      // file named --out.
      if (const auto [p, type] = file_internal::NotAFolderOnTheWay(dir); !p.empty())
        return Status::IoError(fmt::format("{}: cannot create folder: {} is {}, not a folder",
                                           Printable(dir), Printable(p.string()),
                                           type == fs::file_type::regular ? "a file"
                                                                          : FileTypeName(type)));
      return Status::IoError(
          fmt::format("{}: cannot create folder: {}", Printable(dir), ec.message()));
    }
    for (std::size_t k = created.size(); k > made_before; --k)
      pending.push_back(RegisterPending(created[k - 1], 3));
  }
  Status s;
  try {
    s = file_internal::WriteFilesAtomically(files, {});
  } catch (...) {  // (memory: the folders made go too, as on a failed write)
    undo();
    throw;
  }
  if (!s.ok()) undo();
  release();
  return s;
}

}  // namespace

Status WriteFilesIntoFolders(const std::vector<std::string>& dirs,
                             const std::vector<FileContent>& files) {
  return internal::GuardedCall("WriteFilesIntoFolders",
                               [&] { return WriteFilesIntoFoldersUnguarded(dirs, files); });
}

Status ReadFileReporting(const std::string& path, std::string* content, Diagnostics* diag) {
  if (Status n = file_internal::NeedOutputs("ReadFileReporting", content, diag); !n.ok())
    return n;
  Status s = ReadFileToString(path, content);
  if (!s.ok()) file_internal::ReportUnreadable(path, s, diag);
  return s;
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  return WriteFilesAtomically({{path, content}});
}

}  // namespace corridor
