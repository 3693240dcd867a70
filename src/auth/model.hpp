// auth/model.hpp — identities: enterprises, users and their roles.
#pragma once

#include "http/router.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wcp::auth {

// Roles are the HTTP layer's closed enum (http/router.hpp).
using http::ParseRole;
using http::Role;
using http::RoleName;

struct Enterprise {
  std::string id;           // UUIDv7
  std::string name;
  std::string credit_code;  // 统一社会信用代码, validated (GB 32100)
  std::string type;         // e.g. retail, wholesale, catering, crossborder, logistics
  std::string district;
  std::string street;
  bool is_demo = false;
};

struct User {
  std::string id;  // UUIDv7
  std::string username;
  std::string display_name;
  Role role = Role::kAnalyst;
  std::optional<std::string> enterprise_id;  // set exactly when role is kEnterprise
  std::string created_at;
  bool disabled = false;
  bool is_demo = false;
};

// API key permissions are stored as one comma-separated string.
std::string JoinPermissions(const std::vector<std::string>& permissions);
std::vector<std::string> SplitPermissions(const std::string& joined);

// Field-level validation shared by the CLI, the HTTP API and imports.
Status ValidateEnterprise(const Enterprise& e);
Status ValidateUser(const User& u);
// At least 10 characters; not all one character class. The message never echoes it.
Status ValidatePasswordPolicy(std::string_view password);

}  // namespace wcp::auth
