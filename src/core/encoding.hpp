// core/encoding.hpp — text uploads in the encodings people's tools write.
//
// Excel's plain "CSV" on Chinese Windows writes GB18030 (GBK) rather than
// UTF-8. An upload that is not UTF-8 is converted from GB18030 (a superset of
// GBK and GB2312) with glibc's iconv when every byte sequence is valid there
// and the result holds no private-use characters; otherwise it is refused.
// GB18030 accepts most byte pairs, so a file in another legacy encoding can
// still convert to wrong characters: importers show the converted text in
// their preview, and the person checks it before anything is stored.
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

// Free text a person typed (a reason, a source): surrounding white space
// trimmed; kInvalid naming `field` (code not-plain-text) for control
// characters or bidirectional overrides (they could disguise what staff
// read), or more than `max_bytes`. Precondition: `text` is UTF-8.
Result<std::string> PlainText(std::string_view text, std::string_view field, size_t max_bytes);

// At most `max_bytes` of `text`, cut at a character boundary, with "…" when
// cut: for echoing what a client sent in an error.
std::string Excerpt(std::string_view text, size_t max_bytes = 64);

}  // namespace wcp
