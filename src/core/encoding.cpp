#include "core/encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <memory>

#include "core/csv.hpp"

namespace wcp {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// GB18030 → UTF-8, or nullopt at the first invalid or incomplete sequence.
std::optional<std::string> FromGb18030(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  const std::unique_ptr<void, int (*)(iconv_t)> closer(cd, iconv_close);
  std::string out(bytes.size() * 2 + 16, '\0');  // a GB18030 character never grows past twice its bytes in UTF-8
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* dst = out.data();
  size_t out_left = out.size();
  if (iconv(cd, &in, &in_left, &dst, &out_left) == static_cast<size_t>(-1) || in_left != 0) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

// U+E000–U+F8FF in UTF-8: EE 80 80 … EF A3 BF.
bool HasPrivateUse(std::string_view utf8) {
  for (size_t i = 0; i + 2 < utf8.size(); ++i) {
    const auto a = static_cast<unsigned char>(utf8[i]), b = static_cast<unsigned char>(utf8[i + 1]);
    if (a == 0xEE || (a == 0xEF && b <= 0xA3)) return true;
  }
  return false;
}

}  // namespace

Result<DecodedText> DecodeUpload(std::string_view bytes, std::string_view source) {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (IsValidUtf8(bytes)) return DecodedText{std::string(bytes), "UTF-8"};
  // GB18030 decodes almost any byte pairs; text from another legacy encoding
  // (Big5, Shift-JIS) often lands in the private use area, which no real
  // GBK text holds: refused. What still converts is shown in the preview.
  if (auto converted = FromGb18030(bytes); converted && IsValidUtf8(*converted) && !HasPrivateUse(*converted)) {
    return DecodedText{std::move(*converted), "GB18030"};
  }
  size_t bad = 0;
  IsValidUtf8(bytes, &bad);
  return Status::Invalid(std::string(source) + ": the file is neither UTF-8 nor GB18030 (GBK) text (first bad byte at " +
                             std::to_string(bad) + "); in Excel, save as \"CSV UTF-8\"")
      .WithCode("not-text", {{"offset", std::to_string(bad)}});
}

Result<std::string> PlainText(std::string_view text, std::string_view field, size_t max_bytes) {
  const auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && space(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  const auto refuse = [&](const std::string& why) {
    return Status::Invalid("'" + std::string(field) + "' " + why, std::string(field)).WithCode("not-plain-text");
  };
  if (text.size() > max_bytes) return refuse("is longer than " + std::to_string(max_bytes) + " bytes");
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return refuse("holds a control character");
    // U+0080–U+009F (C2 80–9F), U+202A–U+202E (E2 80 AA–AE), U+2066–U+2069 (E2 81 A6–A9).
    const auto next = [&](size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0; };
    if (c == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F) return refuse("holds a control character");
    // Direction marks and invisible characters as well: U+200B–U+200F, U+2028–U+202E,
    // U+2060–U+2064, U+2066–U+2069 (E2 80 8B–8F, E2 80 A8–AE, E2 81 A0–A4, E2 81 A6–A9),
    // U+061C (D8 9C), U+FEFF (EF BB BF).
    if ((c == 0xE2 && next(1) == 0x80 && ((next(2) >= 0x8B && next(2) <= 0x8F) || (next(2) >= 0xA8 && next(2) <= 0xAE))) ||
        (c == 0xE2 && next(1) == 0x81 && ((next(2) >= 0xA0 && next(2) <= 0xA4) || (next(2) >= 0xA6 && next(2) <= 0xA9))) ||
        (c == 0xD8 && next(1) == 0x9C) || (c == 0xEF && next(1) == 0xBB && next(2) == 0xBF)) {
      return refuse("holds a direction mark or an invisible character");
    }
  }
  return std::string(text);
}

std::string Excerpt(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return std::string(text.substr(0, cut)) + "…";
}

}  // namespace wcp
