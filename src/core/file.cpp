#include "corridor/file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include <fmt/format.h>

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

}  // namespace

Status WriteFilesAtomically(const std::vector<FileContent>& files) {
  namespace fs = std::filesystem;
  std::vector<fs::path> tmps;
  auto discard = [&]() {
    std::error_code ec;
    for (const fs::path& t : tmps) fs::remove(t, ec);
  };
  for (const FileContent& f : files) {
    fs::path tmp;
    Status s = WriteTemporary(f.path, f.content, &tmp);
    if (!s.ok()) {
      discard();
      return s;
    }
    tmps.push_back(tmp);
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    fs::rename(tmps[i], files[i].path, ec);
    if (ec) {
      // Renames within one folder fail only in exceptional cases (a folder appeared at
      // the target meanwhile); earlier targets are already replaced.
      for (std::size_t k = i; k < tmps.size(); ++k) fs::remove(tmps[k], ec);
      return Status::IoError(fmt::format("{}: cannot rename temporary file: {}", files[i].path,
                                         ec.message()));
    }
  }
  return Status::Ok();
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
