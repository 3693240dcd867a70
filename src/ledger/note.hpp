// ledger/note.hpp — C2SP signed notes with Ed25519, tlog checkpoints,
// tlog-cosignature verification, and tlog-proof receipts.
//
//   signed note:  <text ending in \n> \n — <key name> <base64(key id(4) ‖ sig(64))>\n …
//   key id:       SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]
//   vkey:         <name>+<hex key id>+<base64(0x01 ‖ public key)>
//   checkpoint:   <origin>\n<size>\n<base64 root>\n
//   receipt:      c2sp.org/tlog-proof@v1\nindex <i>\n<base64 hash>\n…\n\n<signed checkpoint>
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "ledger/merkle.hpp"

namespace wcp::ledger {

std::string Base64Encode(std::string_view bytes);
// Standard (RFC 4648 §4) padded base64; kInvalid on anything else.
Result<std::string> Base64Decode(std::string_view text);

using PublicKey = std::array<uint8_t, 32>;

uint32_t NoteKeyId(std::string_view name, uint8_t sig_type, const PublicKey& key);

struct NoteVerifier {
  std::string name;
  uint32_t id = 0;
  PublicKey key{};
  // Parses a vkey "<name>+<hex id>+<base64(0x01 ‖ key)>" (at most 3 fields:
  // the base64 part may contain '+'). Checks the id matches name and key.
  static Result<NoteVerifier> Parse(std::string_view vkey);
  std::string ToString() const;
};

class NoteSigner {
 public:
  // Ed25519 from a 32-byte RFC 8032 seed.
  static Result<NoteSigner> FromSeed(std::string_view name, std::string_view seed);
  // "PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>" (the Go sumdb/note form).
  static Result<NoteSigner> FromPrivateKey(std::string_view text);
  static NoteSigner Generate(std::string_view name);

  const NoteVerifier& verifier() const { return verifier_; }
  std::string PrivateKeyString() const;
  // The note text (must end in '\n') with this key's signature line appended.
  Result<std::string> Sign(std::string_view text) const;

 private:
  NoteVerifier verifier_;
  std::array<uint8_t, 32> seed_{};
  std::array<uint8_t, 64> secret_{};
};

struct SignatureLine {
  std::string name;
  std::string payload;  // decoded: key id ‖ signature
};

struct ParsedNote {
  std::string text;  // including its final '\n'
  std::vector<SignatureLine> signatures;
};

// Splits a signed note at its last blank line. kInvalid when malformed.
Result<ParsedNote> ParseNote(std::string_view note);
// The note's text when a signature by `verifier` verifies. Signatures by
// unknown keys are ignored; a failing signature by the known key rejects.
Result<std::string> OpenNote(std::string_view note, const NoteVerifier& verifier);
// A c2sp.org/tlog-cosignature/v1 (type 0x04) line by `name`/`key` over the
// note's text: kInvalid unless present and valid. Returns the timestamp.
Result<uint64_t> VerifyCosignature(std::string_view note, std::string_view name, const PublicKey& key);

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::string Text() const;
  static Result<Checkpoint> Parse(std::string_view text);
};

// A c2sp.org/tlog-proof@v1 file. wcp puts the leaf's entry bytes (the
// canonical leaf encoding with the record's commitment) in the `extra` line,
// so the receipt alone lets anyone recompute the leaf hash.
struct Receipt {
  std::string extra;  // decoded bytes of the optional "extra" line
  uint64_t index = 0;
  std::vector<Hash> proof;
  std::string checkpoint_note;  // signed, verbatim
  std::string Format() const;
  static Result<Receipt> Parse(std::string_view text);
};

}  // namespace wcp::ledger
