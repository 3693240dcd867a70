// ledger/leaf.hpp — the canonical, versioned leaf entry (docs/formats/ledger-leaf.md).
//
//   version   1 byte   0x01
//   kind      1 byte length + UTF-8 (1–255 bytes), e.g. "indicator_observation"
//   record id 1 byte length + UTF-8 (1–255 bytes)
//   commitment 32 bytes  SHA-256(salt(32) ‖ the record's canonical bytes)
//   time      8 bytes  big-endian Unix milliseconds of the append
//
// No personal data enters the log: only the salted commitment. Deleting a
// record's salt leaves an unlinkable commitment behind.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "ledger/merkle.hpp"

namespace wcp::ledger {

inline constexpr uint8_t kLeafVersion = 1;

struct Leaf {
  std::string kind;
  std::string record_id;
  Hash commitment{};
  uint64_t time_ms = 0;
};

Hash Commitment(std::string_view salt, std::string_view canonical_record);
Result<std::string> EncodeLeaf(const Leaf& leaf);
Result<Leaf> DecodeLeaf(std::string_view entry);

}  // namespace wcp::ledger
