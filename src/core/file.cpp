#include "corridor/file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>

namespace corridor {

Status ReadFileToString(const std::string& path, std::string* content) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound(fmt::format("{}: no such file", path));
  if (std::filesystem::is_directory(path, ec))
    return Status::IoError(fmt::format("{}: is a directory, expected a file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IoError(fmt::format("{}: read failed", path));
  *content = std::move(ss).str();
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  namespace fs = std::filesystem;
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Status::IoError(fmt::format("{}: folder '{}' does not exist", path, dir.string()));
  // A unique temporary name in the same folder, so that rename() is atomic.
  std::random_device rd;
  fs::path tmp = dir / fmt::format(".{}.tmp-{:08x}", target.filename().string(), rd());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      return Status::IoError(fmt::format("{}: cannot create temporary file: {}", path,
                                         std::strerror(errno)));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      out.close();
      fs::remove(tmp, ec);
      return Status::IoError(fmt::format("{}: write failed", path));
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ec2;
    fs::remove(tmp, ec2);
    return Status::IoError(fmt::format("{}: cannot rename temporary file: {}", path, ec.message()));
  }
  return Status::Ok();
}

}  // namespace corridor
