// core/files.hpp — small file helpers with Status errors.
#pragma once

#include <filesystem>
#include <string>

#include "core/status.hpp"

namespace wcp {

// The whole file; kNotFound naming the path when it cannot be read.
Result<std::string> ReadFile(const std::filesystem::path& file);

// Writes (or appends) `content` to a file readable only by its owner (0600),
// creating parent directories. For generated passwords and keys.
Status WriteSecretFile(const std::filesystem::path& file, const std::string& content,
                       bool append = false);

// Writes `content` to `file` through a uniquely named temporary file in the
// same directory, fsync'd and renamed over it, so a reader never sees half a
// file and a failure (or power loss) leaves the old one. kUnavailable naming
// the path when it cannot be written.
Status WriteFileAtomically(const std::filesystem::path& file, const std::string& content);

}  // namespace wcp
