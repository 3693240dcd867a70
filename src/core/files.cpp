#include "core/files.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace wcp {

Result<std::string> ReadFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::NotFound("cannot read '" + file.string() + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteSecretFile(const std::filesystem::path& file, const std::string& content, bool append) {
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  const mode_t old = umask(077);  // created 0600 from the start, never briefly world-readable
  std::ofstream out(file, append ? std::ios::app : std::ios::trunc);
  out << content;
  out.close();
  umask(old);
  std::filesystem::permissions(
      file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  if (!out) return Status::Unavailable("cannot write '" + file.string() + "'");
  return Status::Ok();
}

Status WriteFileAtomically(const std::filesystem::path& file, const std::string& content) {
  std::filesystem::path temp = file;
  temp += ".part";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out) return Status::Unavailable("cannot write '" + file.string() + "'");
  }
  std::error_code ec;
  std::filesystem::rename(temp, file, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    return Status::Unavailable("cannot write '" + file.string() + "'");
  }
  return Status::Ok();
}

}  // namespace wcp
