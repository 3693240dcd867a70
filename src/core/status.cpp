#include "core/status.hpp"

namespace wcp {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalid: return "invalid";
    case ErrorCode::kNotFound: return "not-found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kBusy: return "busy";
    case ErrorCode::kRateLimited: return "rate-limited";
    case ErrorCode::kTooLarge: return "too-large";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "internal";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(ErrorCodeName(code_));
  out += ": ";
  out += message_;
  if (!field_.empty()) {
    out += " (field: ";
    out += field_;
    out += ")";
  }
  if (!internal_detail_.empty()) {
    out += " [";
    out += internal_detail_;
    out += "]";
  }
  return out;
}

Status Status::WithInternalDetail(std::string detail) const {
  Status out = *this;
  out.internal_detail_ = std::move(detail);
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  Status out = *this;
  out.message_ = std::string(context) + ": " + message_;
  return out;
}

Status Status::WithCode(std::string code, Params params) const {
  Status out = *this;
  out.message_code_ = std::move(code);
  out.params_ = std::move(params);
  return out;
}

}  // namespace wcp
