#include "core/files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

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
  const Status failed = Status::Unavailable("cannot write '" + file.string() + "'");
  std::string temp = file.string() + ".XXXXXX";  // unique: two writers never share it
  const int fd = mkstemp(temp.data());
  if (fd < 0) return failed;
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  // Durable before it replaces the old file: a power loss leaves one or the other.
  const bool ok = written == content.size() && fsync(fd) == 0 && fchmod(fd, 0644) == 0;
  close(fd);
  std::error_code ec;
  if (ok) std::filesystem::rename(temp, file, ec);
  if (!ok || ec) {
    std::filesystem::remove(temp, ec);
    return failed;
  }
  return Status::Ok();
}

}  // namespace wcp
