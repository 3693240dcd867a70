#include "ledger/leaf.hpp"

namespace wcp::ledger {

Hash Commitment(std::string_view salt, std::string_view canonical_record) {
  std::string data(salt);
  data += canonical_record;
  return Sha256(data);
}

Result<std::string> EncodeLeaf(const Leaf& leaf) {
  for (const auto* field : {&leaf.kind, &leaf.record_id}) {
    if (field->empty() || field->size() > 255) {
      return Status::Invalid("leaf kind and record id must have 1–255 bytes", "leaf");
    }
  }
  std::string out(1, static_cast<char>(kLeafVersion));
  out += static_cast<char>(leaf.kind.size());
  out += leaf.kind;
  out += static_cast<char>(leaf.record_id.size());
  out += leaf.record_id;
  out += AsBytes(leaf.commitment);
  for (int i = 7; i >= 0; --i) out += static_cast<char>(leaf.time_ms >> (8 * i));
  return out;
}

Result<Leaf> DecodeLeaf(std::string_view e) {
  const auto bad = [] { return Status::Invalid("malformed ledger leaf entry", "entry"); };
  if (e.empty() || static_cast<uint8_t>(e[0]) != kLeafVersion) return bad();
  size_t pos = 1;
  Leaf leaf;
  for (auto* field : {&leaf.kind, &leaf.record_id}) {
    if (pos >= e.size()) return bad();
    const size_t n = static_cast<uint8_t>(e[pos++]);
    if (n == 0 || pos + n > e.size()) return bad();
    *field = std::string(e.substr(pos, n));
    pos += n;
  }
  if (pos + 32 + 8 != e.size()) return bad();
  leaf.commitment = *HashFromBytes(e.substr(pos, 32), "commitment");
  pos += 32;
  for (int i = 0; i < 8; ++i) leaf.time_ms = (leaf.time_ms << 8) | static_cast<uint8_t>(e[pos + i]);
  return leaf;
}

}  // namespace wcp::ledger
