#include "ledger/note.hpp"

#include <sodium.h>

#include <charconv>
#include <cstring>

namespace wcp::ledger {
namespace {

constexpr uint8_t kEd25519 = 0x01;
constexpr uint8_t kCosignatureV1 = 0x04;
constexpr std::string_view kDash = "\xE2\x80\x94 ";  // U+2014 EM DASH + space

std::string HexId(uint32_t id) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", id);
  return buf;
}

uint32_t ReadU32(std::string_view b) {
  return (uint32_t{static_cast<uint8_t>(b[0])} << 24) | (uint32_t{static_cast<uint8_t>(b[1])} << 16) |
         (uint32_t{static_cast<uint8_t>(b[2])} << 8) | uint32_t{static_cast<uint8_t>(b[3])};
}

std::string U32Bytes(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

bool ValidKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    if (c <= 0x20 || c == '+' || c == 0x7F) return false;
  }
  return true;
}

bool VerifyEd25519(const PublicKey& key, std::string_view msg, std::string_view sig) {
  return sig.size() == 64 &&
         crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                     reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                                     key.data()) == 0;
}

bool ParseU64(std::string_view s, uint64_t* out) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return Status::Invalid("not valid base64", "base64");
  }
  out.resize(len);
  return out;
}

uint32_t NoteKeyId(std::string_view name, uint8_t sig_type, const PublicKey& key) {
  std::string data(name);
  data += '\n';
  data += static_cast<char>(sig_type);
  data.append(reinterpret_cast<const char*>(key.data()), key.size());
  const Hash h = Sha256(data);
  return ReadU32(AsBytes(h));
}

Result<NoteVerifier> NoteVerifier::Parse(std::string_view vkey) {
  const auto bad = [&](std::string_view why) {
    return Status::Invalid("bad verifier key: " + std::string(why), "key");
  };
  const size_t p1 = vkey.find('+');
  const size_t p2 = p1 == std::string_view::npos ? p1 : vkey.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return bad("expected <name>+<id>+<key>");
  NoteVerifier v;
  v.name = std::string(vkey.substr(0, p1));
  if (!ValidKeyName(v.name)) return bad("invalid name");
  const std::string_view hex = vkey.substr(p1 + 1, p2 - p1 - 1);
  if (hex.size() != 8) return bad("the key id must be 8 hex digits");
  auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + 8, v.id, 16);
  if (ec != std::errc() || ptr != hex.data() + 8) return bad("the key id must be 8 hex digits");
  WCP_ASSIGN_OR_RETURN(std::string raw, Base64Decode(vkey.substr(p2 + 1)));
  if (raw.size() != 33 || static_cast<uint8_t>(raw[0]) != kEd25519) return bad("not an Ed25519 key");
  std::memcpy(v.key.data(), raw.data() + 1, 32);
  if (NoteKeyId(v.name, kEd25519, v.key) != v.id) return bad("the key id does not match the key");
  return v;
}

std::string NoteVerifier::ToString() const {
  std::string raw(1, static_cast<char>(kEd25519));
  raw.append(reinterpret_cast<const char*>(key.data()), key.size());
  return name + "+" + HexId(id) + "+" + Base64Encode(raw);
}

Result<NoteSigner> NoteSigner::FromSeed(std::string_view name, std::string_view seed) {
  if (!ValidKeyName(name)) return Status::Invalid("invalid key name", "origin");
  if (seed.size() != 32) return Status::Invalid("an Ed25519 seed is 32 bytes", "key");
  NoteSigner s;
  std::memcpy(s.seed_.data(), seed.data(), 32);
  crypto_sign_seed_keypair(s.verifier_.key.data(), s.secret_.data(), s.seed_.data());
  s.verifier_.name = std::string(name);
  s.verifier_.id = NoteKeyId(name, kEd25519, s.verifier_.key);
  return s;
}

Result<NoteSigner> NoteSigner::FromPrivateKey(std::string_view text) {
  constexpr std::string_view kPrefix = "PRIVATE+KEY+";
  if (text.substr(0, kPrefix.size()) != kPrefix) return Status::Invalid("not a PRIVATE+KEY string", "key");
  text.remove_prefix(kPrefix.size());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  const size_t p1 = text.find('+');
  const size_t p2 = p1 == std::string_view::npos ? p1 : text.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return Status::Invalid("malformed private key", "key");
  WCP_ASSIGN_OR_RETURN(std::string raw, Base64Decode(text.substr(p2 + 1)));
  if (raw.size() != 33 || static_cast<uint8_t>(raw[0]) != kEd25519) {
    return Status::Invalid("not an Ed25519 private key", "key");
  }
  return FromSeed(text.substr(0, p1), std::string_view(raw).substr(1));
}

NoteSigner NoteSigner::Generate(std::string_view name) {
  std::string seed(32, '\0');
  randombytes_buf(seed.data(), seed.size());
  return *FromSeed(name, seed);
}

std::string NoteSigner::PrivateKeyString() const {
  std::string raw(1, static_cast<char>(kEd25519));
  raw.append(reinterpret_cast<const char*>(seed_.data()), seed_.size());
  return "PRIVATE+KEY+" + verifier_.name + "+" + HexId(verifier_.id) + "+" + Base64Encode(raw);
}

Result<std::string> NoteSigner::Sign(std::string_view text) const {
  if (text.empty() || text.back() != '\n') return Status::Invalid("note text must end in a newline");
  std::array<uint8_t, 64> sig;
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       secret_.data());
  const std::string payload =
      U32Bytes(verifier_.id) + std::string(reinterpret_cast<const char*>(sig.data()), sig.size());
  return std::string(text) + "\n" + std::string(kDash) + verifier_.name + " " + Base64Encode(payload) + "\n";
}

Result<ParsedNote> ParseNote(std::string_view note) {
  const auto bad = [](std::string_view why) { return Status::Invalid("malformed signed note: " + std::string(why), "note"); };
  if (note.size() > 1 << 20) return bad("too large");
  for (unsigned char c : note) {
    if (c < 0x20 && c != '\n') return bad("control character");
  }
  const size_t sep = note.rfind("\n\n");
  if (sep == std::string_view::npos) return bad("no blank line before the signatures");
  ParsedNote out;
  out.text = std::string(note.substr(0, sep + 1));
  std::string_view sigs = note.substr(sep + 2);
  if (sigs.empty() || sigs.back() != '\n') return bad("signature lines must end in a newline");
  while (!sigs.empty()) {
    const size_t nl = sigs.find('\n');
    std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    if (line.substr(0, kDash.size()) != kDash) return bad("signature line without the em dash");
    line.remove_prefix(kDash.size());
    const size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return bad("signature line without a space");
    WCP_ASSIGN_OR_RETURN(std::string payload, Base64Decode(line.substr(sp + 1)));
    if (payload.size() < 5) return bad("signature too short");
    out.signatures.push_back({std::string(line.substr(0, sp)), std::move(payload)});
    if (out.signatures.size() > 100) return bad("too many signatures");
  }
  return out;
}

Result<std::string> OpenNote(std::string_view note, const NoteVerifier& verifier) {
  WCP_ASSIGN_OR_RETURN(ParsedNote parsed, ParseNote(note));
  for (const auto& sig : parsed.signatures) {
    if (sig.name != verifier.name || ReadU32(sig.payload) != verifier.id) continue;  // unknown key
    if (!VerifyEd25519(verifier.key, parsed.text, std::string_view(sig.payload).substr(4))) {
      return Status::Invalid("the signature by " + verifier.name + " does not verify", "note");
    }
    return parsed.text;
  }
  return Status::Invalid("no signature by " + verifier.name + " on the note", "note");
}

Result<uint64_t> VerifyCosignature(std::string_view note, std::string_view name, const PublicKey& key) {
  WCP_ASSIGN_OR_RETURN(ParsedNote parsed, ParseNote(note));
  const uint32_t id = NoteKeyId(name, kCosignatureV1, key);
  for (const auto& sig : parsed.signatures) {
    if (sig.name != name || ReadU32(sig.payload) != id) continue;
    if (sig.payload.size() != 4 + 8 + 64) return Status::Invalid("cosignature has the wrong length", "note");
    uint64_t ts = 0;
    for (int i = 0; i < 8; ++i) ts = (ts << 8) | static_cast<uint8_t>(sig.payload[4 + i]);
    const std::string msg = "cosignature/v1\ntime " + std::to_string(ts) + "\n" + parsed.text;
    if (!VerifyEd25519(key, msg, std::string_view(sig.payload).substr(12))) {
      return Status::Invalid("the cosignature by " + std::string(name) + " does not verify", "note");
    }
    return ts;
  }
  return Status::Invalid("no cosignature by " + std::string(name), "note");
}

std::string Checkpoint::Text() const {
  return origin + "\n" + std::to_string(size) + "\n" + Base64Encode(AsBytes(root)) + "\n";
}

Result<Checkpoint> Checkpoint::Parse(std::string_view text) {
  const auto bad = [](std::string_view why) { return Status::Invalid("malformed checkpoint: " + std::string(why), "checkpoint"); };
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return bad("text must end in a newline");
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  if (lines.size() < 3) return bad("needs origin, size and root lines");
  Checkpoint c;
  c.origin = std::string(lines[0]);
  if (c.origin.empty()) return bad("empty origin");
  if (!ParseU64(lines[1], &c.size)) return bad("size is not a decimal number");
  WCP_ASSIGN_OR_RETURN(std::string root, Base64Decode(lines[2]));
  WCP_ASSIGN_OR_RETURN(c.root, HashFromBytes(root, "root"));
  return c;
}

std::string Receipt::Format() const {
  std::string out = "c2sp.org/tlog-proof@v1\n";
  if (!extra.empty()) out += "extra " + Base64Encode(extra) + "\n";
  out += "index " + std::to_string(index) + "\n";
  for (const auto& h : proof) out += Base64Encode(AsBytes(h)) + "\n";
  out += "\n" + checkpoint_note;
  return out;
}

Result<Receipt> Receipt::Parse(std::string_view text) {
  const auto bad = [](std::string_view why) { return Status::Invalid("malformed receipt: " + std::string(why), "receipt"); };
  const auto next_line = [&text]() -> std::optional<std::string_view> {
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return std::nullopt;
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    return line;
  };
  auto line = next_line();
  if (!line || *line != "c2sp.org/tlog-proof@v1") return bad("missing the c2sp.org/tlog-proof@v1 header");
  Receipt r;
  line = next_line();
  if (line && line->substr(0, 6) == "extra ") {
    WCP_ASSIGN_OR_RETURN(r.extra, Base64Decode(line->substr(6)));
    line = next_line();
  }
  if (!line || line->substr(0, 6) != "index " || !ParseU64(line->substr(6), &r.index)) {
    return bad("missing the index line");
  }
  while ((line = next_line()) && !line->empty()) {
    WCP_ASSIGN_OR_RETURN(std::string h, Base64Decode(*line));
    WCP_ASSIGN_OR_RETURN(Hash hash, HashFromBytes(h, "proof"));
    r.proof.push_back(hash);
    if (r.proof.size() > 64) return bad("proof too long");
  }
  if (!line) return bad("missing the blank line before the checkpoint");
  r.checkpoint_note = std::string(text);
  return r;
}

}  // namespace wcp::ledger
