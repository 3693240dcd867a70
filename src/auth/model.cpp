#include "auth/model.hpp"

#include <array>

#include "core/ids.hpp"

namespace wcp::auth {
std::string JoinPermissions(const std::vector<std::string>& permissions) {
  std::string out;
  for (const auto& p : permissions) out += (out.empty() ? "" : ",") + p;
  return out;
}

std::vector<std::string> SplitPermissions(const std::string& joined) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < joined.size()) {
    size_t end = joined.find(',', start);
    if (end == std::string::npos) end = joined.size();
    if (end > start) out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Status ValidateEnterprise(const Enterprise& e) {
  if (e.name.empty() || e.name.size() > 200) {
    return Status::Invalid("enterprise name must have 1–200 bytes", "name").WithCode("required");
  }
  return ValidateCreditCode(e.credit_code, "credit_code");
}

Status ValidateUser(const User& u) {
  if (u.username.size() < 3 || u.username.size() > 64) {
    return Status::Invalid("username must have 3–64 characters", "username").WithCode("invalid-username");
  }
  for (char c : u.username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.';
    if (!ok) {
      return Status::Invalid("username may contain only a–z, 0–9, '-', '_' and '.'", "username")
          .WithCode("invalid-username");
    }
  }
  if ((u.role == Role::kEnterprise) != u.enterprise_id.has_value()) {
    return Status::Invalid("an enterprise user needs an enterprise, other roles must have none",
                           "enterprise_id");
  }
  return Status::Ok();
}

Status ValidatePasswordPolicy(std::string_view password) {
  if (password.size() < 10) {
    return Status::Invalid("password must have at least 10 characters", "password").WithCode("password-too-short");
  }
  if (password.size() > 1024) return Status::Invalid("password is too long", "password").WithCode("password-too-long");
  bool lower = false, upper = false, digit = false, other = false;
  for (unsigned char c : password) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;
  }
  if (lower + upper + digit + other < 2) {
    return Status::Invalid("password must mix at least two of: lowercase, uppercase, digits, symbols", "password")
        .WithCode("password-too-plain");
  }
  return Status::Ok();
}

}  // namespace wcp::auth
