// ledger/merkle.hpp — RFC 6962 / RFC 9162 Merkle tree hashing, proofs and
// their verification. Pure functions; no I/O.
//
// Trees are not padded: MTH(D[n]) splits at the largest power of two below n.
// Perfect nodes (complete subtrees) are addressed (level, index): the hash of
// leaves [index·2^level, (index+1)·2^level). Proof generation reads perfect
// nodes through a NodeReader, so it works over any storage (tiles, memory).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wcp::ledger {

using Hash = std::array<uint8_t, 32>;

Hash Sha256(std::string_view data);
Hash LeafHash(std::string_view entry);                 // SHA-256(0x00 ‖ entry)
Hash NodeHash(const Hash& left, const Hash& right);    // SHA-256(0x01 ‖ left ‖ right)
Hash EmptyRoot();                                      // SHA-256("")
std::string_view AsBytes(const Hash& h);
// kInvalid unless `bytes` is exactly 32 bytes.
Result<Hash> HashFromBytes(std::string_view bytes, std::string_view what);

// The perfect node (level, index); must exist in the tree being read.
using NodeReader = std::function<Result<Hash>(int level, uint64_t index)>;

// MTH of leaves [begin, end) (begin < end), folded from the perfect nodes of
// the compact range — O(log(end-begin)) reads.
Result<Hash> RangeHash(uint64_t begin, uint64_t end, const NodeReader& read);
// The root of a tree of `size` leaves (EmptyRoot for 0).
Result<Hash> RootHash(uint64_t size, const NodeReader& read);

// RFC 6962 PATH(index, D[size]): from the leaf's sibling up. kInvalid when
// index >= size.
Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size, const NodeReader& read);
// RFC 6962 PROOF(m, D[n]) for 0 < m <= n (empty when m == n). kInvalid otherwise.
Result<std::vector<Hash>> ConsistencyProof(uint64_t m, uint64_t n, const NodeReader& read);

// Expected inclusion proof length: inner + border (research note §2.1).
size_t InclusionProofLength(uint64_t index, uint64_t size);

// Verification after RFC 9162 §2.1.3.2 and §2.1.4.2, plus the pre-checks the
// RFC leaves out: every hash exactly 32 bytes, index < size, exact proof
// length, and the size edge cases (size1 == 0 is an error; size1 == size2
// needs an empty proof and equal roots; size1 > size2 is an error). Inputs
// are raw bytes so that malformed lengths are rejected, not truncated.
// OK on success; kInvalid with the reason otherwise.
Status VerifyInclusion(uint64_t index, uint64_t size, std::string_view leaf_hash,
                       const std::vector<std::string>& proof, std::string_view root);
Status VerifyConsistency(uint64_t size1, uint64_t size2, const std::vector<std::string>& proof,
                         std::string_view root1, std::string_view root2);

// The frontier of a growing tree: one perfect node per set bit of size().
// Append is a binary counter; every perfect node it completes is reported
// (that is what tiles store).
class CompactRange {
 public:
  using OnNode = std::function<void(int level, uint64_t index, const Hash& hash)>;
  CompactRange() = default;
  // Rebuilds the frontier of a tree of `size` leaves from stored nodes.
  static Result<CompactRange> Load(uint64_t size, const NodeReader& read);
  void Append(const Hash& leaf_hash, const OnNode& on_node);
  uint64_t size() const { return size_; }
  Hash Root() const;

 private:
  uint64_t size_ = 0;
  std::vector<Hash> nodes_;  // highest level first
};

}  // namespace wcp::ledger
