#include "corridor/file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "core/file_internal.h"

namespace corridor {

Status ReadFileToString(const std::string& path, std::string* content) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound(fmt::format("{}: no such file", path));
  if (std::filesystem::is_directory(path, ec))
    return Status::IoError(fmt::format("{}: is a directory, expected a file", path));
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr)
    return Status::IoError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  // One allocation of the file's size and one read: a stream into an ostringstream grew
  // and copied its buffer, 4 ms for the 3 MB GasLib-4197.net against 0.4 ms. The size is
  // only a hint (a file may change or, like a pipe, have none): read on until EOF.
  const auto hint = std::filesystem::file_size(path, ec);
  std::string s;
  s.resize(ec ? 4096 : static_cast<std::size_t>(hint) + 1);
  std::size_t n = 0;
  while (true) {
    n += std::fread(s.data() + n, 1, s.size() - n, f);
    if (n < s.size()) break;
    s.resize(s.size() * 2);
  }
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Status::IoError(fmt::format("{}: read failed", path));
  s.resize(n);
  *content = std::move(s);
  return Status::Ok();
}

namespace {

// Writes content to a new temporary file in the folder of `path`; *tmp receives its name.
Status WriteTemporary(const std::string& path, const std::string& content,
                      std::filesystem::path* tmp) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Status::IoError(fmt::format("{}: folder '{}' does not exist", path, dir.string()));
  if (fs::is_directory(target, ec))
    return Status::IoError(fmt::format("{}: is a folder, cannot write a file there", path));
  std::random_device rd;
  *tmp = dir / fmt::format(".{}.tmp-{:08x}", target.filename().string(), rd());
  std::ofstream out(*tmp, std::ios::binary | std::ios::trunc);
  if (!out)
    return Status::IoError(fmt::format("{}: cannot create temporary file: {}", path,
                                       std::strerror(errno)));
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.flush();
  if (!out) {
    out.close();
    fs::remove(*tmp, ec);
    return Status::IoError(fmt::format("{}: write failed", path));
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
};

// Keeps the old file at r->target (if any) under a backup name in the same folder: a hard
// link where the file system allows it (the target stays in place until the rename
// replaces it), a rename otherwise. The new file takes the old one's permissions.
Status KeepOldFile(Replacement* r) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status old = fs::symlink_status(r->target, ec);
  // A folder is never moved aside: the rename over it fails and says so.
  if (!fs::exists(old) || fs::is_directory(old)) return Status::Ok();
  if (fs::is_regular_file(old)) fs::permissions(r->tmp, old.permissions(), ec);
  std::random_device rd;
  fs::path backup = r->target.parent_path() /
                    fmt::format(".{}.old-{:08x}", r->target.filename().string(), rd());
  fs::create_hard_link(r->target, backup, ec);
  if (ec) {
    fs::rename(r->target, backup, ec);
    if (ec)
      return Status::IoError(fmt::format("{}: cannot replace the existing file: {}",
                                         r->target.string(), ec.message()));
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
                            it->target.string(), ec.message(), it->backup.string());
    } else if (it->replaced) {
      fs::remove(it->target, ec);
      if (ec)
        left += fmt::format("; the new {} could not be removed ({})", it->target.string(),
                            ec.message());
    } else if (!it->backup.empty()) {
      fs::remove(it->backup, ec);  // a hard link: the target itself was never touched
    }
    if (!it->replaced) fs::remove(it->tmp, ec);
  }
  return left;
}

}  // namespace

namespace file_internal {

Status WriteFilesAtomically(const std::vector<FileContent>& files,
                            const std::function<void(std::size_t)>& before_replace) {
  namespace fs = std::filesystem;
  std::vector<Replacement> reps;
  reps.reserve(files.size());
  for (const FileContent& f : files) {
    Replacement r;
    r.target = f.path;
    Status s = WriteTemporary(f.path, f.content, &r.tmp);
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
      if (ec)
        s = Status::IoError(
            fmt::format("{}: cannot rename temporary file: {}", files[i].path, ec.message()));
      else
        r.replaced = true;
    }
    if (!s.ok()) {
      const std::string left = Restore(&reps);
      return left.empty() ? s : Status::IoError(s.message() + left);
    }
  }
  for (const Replacement& r : reps) {
    std::error_code ec;
    if (!r.backup.empty()) fs::remove(r.backup, ec);
  }
  return Status::Ok();
}

}  // namespace file_internal

Status WriteFilesAtomically(const std::vector<FileContent>& files) {
  return file_internal::WriteFilesAtomically(files, {});
}

Status WriteFilesIntoFolders(const std::vector<std::string>& dirs,
                             const std::vector<FileContent>& files) {
  namespace fs = std::filesystem;
  std::vector<fs::path> created;  // the topmost folder each dir needed, newly made
  auto undo = [&]() {
    std::error_code ec;
    for (auto it = created.rbegin(); it != created.rend(); ++it) fs::remove_all(*it, ec);
  };
  for (const std::string& dir : dirs) {
    std::error_code ec;
    fs::path top;  // only what surely does not exist yet (a stat error is no proof)
    for (fs::path p = fs::path(dir).lexically_normal();
         !p.empty() && !fs::exists(p, ec) && !ec; p = p.parent_path()) {
      top = p;
      if (p == p.parent_path()) break;
    }
    fs::create_directories(dir, ec);
    if (ec) {
      undo();
      return Status::IoError(fmt::format("{}: cannot create folder: {}", dir, ec.message()));
    }
    if (!top.empty()) created.push_back(top);
  }
  Status s = WriteFilesAtomically(files);
  if (!s.ok()) undo();
  return s;
}

Status ReadFileReporting(const std::string& path, std::string* content, Diagnostics* diag) {
  Status s = ReadFileToString(path, content);
  if (!s.ok())
    diag->Error(path, 0, "", s.code() == Status::Code::kNotFound ? "file-not-found" : "io-error",
                s.message());
  return s;
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  return WriteFilesAtomically({{path, content}});
}

}  // namespace corridor
