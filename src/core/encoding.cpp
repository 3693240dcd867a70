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

}  // namespace

Result<DecodedText> DecodeUpload(std::string_view bytes, std::string_view source) {
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (IsValidUtf8(bytes)) return DecodedText{std::string(bytes), "UTF-8"};
  if (auto converted = FromGb18030(bytes); converted && IsValidUtf8(*converted)) {
    return DecodedText{std::move(*converted), "GB18030"};
  }
  size_t bad = 0;
  IsValidUtf8(bytes, &bad);
  return Status::Invalid(std::string(source) + ": the file is neither UTF-8 nor GB18030 (GBK) text (first bad byte at " +
                             std::to_string(bad) + "); in Excel, save as \"CSV UTF-8\"")
      .WithCode("not-text", {{"offset", std::to_string(bad)}});
}

}  // namespace wcp
