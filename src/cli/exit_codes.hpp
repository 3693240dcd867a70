// cli/exit_codes.hpp — the `wcp` command's exit codes (docs/operations.md).
#pragma once

#include "core/status.hpp"

namespace wcp::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,      // unexpected failure (internal error)
  kExitUsage = 2,        // bad command line
  kExitUnavailable = 3,  // database or file unreachable, port taken by another process
  kExitInvalidInput = 4, // bad config, CSV, data: nothing was stored
  kExitConflict = 5,     // conflicts with stored state (duplicate, schema newer than this build)
  kExitVerificationFailed = 6,  // a receipt, checkpoint or audit did not verify
};

inline int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kOk: return kExitOk;
    case ErrorCode::kInvalid:
    case ErrorCode::kTooLarge: return kExitInvalidInput;
    case ErrorCode::kConflict: return kExitConflict;
    case ErrorCode::kUnavailable:
    case ErrorCode::kBusy:
    case ErrorCode::kRateLimited:
    case ErrorCode::kNotFound: return kExitUnavailable;
    default: return kExitFailure;
  }
}

}  // namespace wcp::cli
