// core/encoding.hpp — text uploads in the encodings people's tools write.
//
// Excel's plain "CSV" on Chinese Windows writes GB18030 (GBK) rather than
// UTF-8. An upload that is not UTF-8 is converted from GB18030 (a superset of
// GBK and GB2312) with glibc's iconv when every byte sequence is valid
// there; otherwise it is refused, never stored as garbled text.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wcp {

struct DecodedText {
  std::string text;      // UTF-8 (any byte-order mark removed)
  std::string encoding;  // "UTF-8" or "GB18030": what the upload was
};

// kInvalid naming `source` when the bytes are neither UTF-8 nor GB18030.
Result<DecodedText> DecodeUpload(std::string_view bytes, std::string_view source);

}  // namespace wcp
