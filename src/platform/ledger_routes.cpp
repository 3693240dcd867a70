// HTTP interface of the verifiable ledger: the C2SP tlog-tiles resources
// under /ledger/ (public, cacheable) and the JSON API under /api/v1/ledger/.
#include <charconv>

#include "core/ids.hpp"
#include "ledger/tiles.hpp"
#include "http/schema.hpp"
#include "platform/platform.hpp"

namespace wcp::platform {
namespace {

using http::Access;
using http::Request;
using http::Response;

Result<uint64_t> QueryU64(const Request& req, const std::string& name) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return Status::Invalid("query parameter '" + name + "' is required", name);
  uint64_t v = 0;
  const std::string& s = it->second;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
    return Status::Invalid("'" + name + "' must be a non-negative integer", name);
  }
  return v;
}

Json HashList(const std::vector<ledger::Hash>& hashes) {
  Json out = Json::array();
  for (const auto& h : hashes) out.push_back(ledger::Base64Encode(ledger::AsBytes(h)));
  return out;
}

Json LeafJson(const ledger::Leaf& leaf) {
  return {{"kind", leaf.kind},
          {"record_id", leaf.record_id},
          {"commitment", HexEncode(ledger::AsBytes(leaf.commitment))},
          {"time_ms", leaf.time_ms}};
}

// Who reads what a receipt certifies: anyone learns whether the record is
// held and unchanged; a signed-in user also sees its fields (what the API
// would show them), the bureau's staff names only to the bureau.
enum class Reader { kAnonymous, kSignedIn, kBureau };

Reader ReaderOf(Platform& p, const Request& req) {
  auto who = p.auth->Authenticate(req);  // the route is public: identity is optional here
  if (!who.ok()) return Reader::kAnonymous;
  return who->role == http::Role::kAdmin || who->role == http::Role::kAnalyst ? Reader::kBureau : Reader::kSignedIn;
}

// The record a receipt certifies: whether it is held and still matches the
// commitment, and its ledgered fields (canonical JSON) as `reader` may see them.
Json CertifiedJson(const ledger::CertifiedRecord& r, Reader reader) {
  Json record = nullptr;
  if (r.found && reader != Reader::kAnonymous) {
    record = Json::parse(r.canonical, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded() || !record.is_object()) record = nullptr;
    if (record.is_object() && reader != Reader::kBureau) {
      for (const auto& field : r.staff_fields) record.erase(field);
    }
  }
  return {{"found", r.found}, {"matches", r.matches}, {"record", record}};
}

Response Unchanged(Response r) {
  r.changed_nothing = true;
  return r;
}

Json AuditJson(const ledger::AuditReport& r) {
  Json problems = Json::array();
  for (const auto& p : r.problems) {
    const auto opt = [](const std::optional<uint64_t>& v) { return v ? Json(*v) : Json(nullptr); };
    problems.push_back({{"type", p.type}, {"kind", p.kind}, {"record_id", p.record_id}, {"index", opt(p.index)},
                        {"count", opt(p.count)}, {"message", p.message}});
  }
  return {{"ok", r.ok}, {"checked_size", r.checked_size}, {"root", r.checkpoint_root_b64}, {"problems", problems}};
}

}  // namespace

void DeclareLedgerSchemas(http::Router& router) {
  using namespace http::schema;
  router.DeclareSchema("LedgerLeaf", Object({{"kind", String("the record's kind, e.g. indicator_observation")},
                                             {"record_id", String()},
                                             {"commitment", String("SHA-256 of the record's canonical bytes, hex")},
                                             {"time_ms", Integer()}}));
  router.DeclareSchema(
      "LedgerAudit",
      Object({{"ok", Boolean()},
              {"checked_size", Integer()},
              {"root", String("the checkpoint's root hash, base64")},
              {"problems", ArrayOf(Object({{"type", String("e.g. leaf_mismatch, missing_record")},
                                           {"kind", String()},
                                           {"record_id", String()},
                                           {"index", Nullable(Integer())},
                                           {"count", Nullable(Integer())},
                                           {"message", String("English")}}))}}));
}

void AddLedgerRoutes(Platform& p, http::Server& server) {
  http::Router& router = server.router();
  const auto add = [&router](http::Route r, http::RouteDoc doc) { router.Add(std::move(r), std::move(doc)); };
  using namespace http::schema;
  DeclareLedgerSchemas(router);
  ledger::Log& log = *p.ledger;
  const auto size_query = [](const char* name, const char* what) {
    return http::QueryParam{name, what, Integer(), true};
  };
  const Json proof = ArrayOf(String("a node hash, base64"));

  add({"GET", "/ledger/checkpoint", [&log](const Request&) -> Result<Response> {
         WCP_ASSIGN_OR_RETURN(std::string note, log.ServedCheckpoint());
         Response r = Response::Text(note);
         r.headers.emplace_back("Cache-Control", "no-cache, max-age=2");
         return r;
       }, "The latest signed checkpoint (C2SP tlog-checkpoint).", 0, Access::kPublic},
      {.response = String("a C2SP signed note"), .response_type = "text/plain"});

  add({"GET", "/ledger/public-key", [&log](const Request&) -> Result<Response> {
         return Response::Text(log.verifier().ToString() + "\n");
       }, "The log's verifier key (C2SP signed-note vkey).", 0, Access::kPublic},
      {.response = String(), .response_type = "text/plain"});

  add({"GET", "/ledger/tile/{path*}", [&log](const Request& req) -> Result<Response> {
         WCP_ASSIGN_OR_RETURN(ledger::TileId id, ledger::ParseTilePath(req.params.at("path")));
         WCP_ASSIGN_OR_RETURN(std::string bytes, log.Tile(id));
         Response r = Response::Text(std::move(bytes), "application/octet-stream");
         r.headers.emplace_back("Cache-Control", id.width == ledger::kTileWidth
                                                     ? "public, max-age=31536000, immutable"
                                                     : "public, max-age=60");
         return r;
       }, "A hash tile or entry bundle (C2SP tlog-tiles).", 0, Access::kPublic},
      {.response = Binary(), .response_type = "application/octet-stream"});

  add({"GET", "/api/v1/ledger/proofs/inclusion", [&log](const Request& req) -> Result<Response> {
         WCP_ASSIGN_OR_RETURN(uint64_t index, QueryU64(req, "index"));
         WCP_ASSIGN_OR_RETURN(uint64_t size, QueryU64(req, "size"));
         WCP_ASSIGN_OR_RETURN(auto proof, log.InclusionProof(index, size));
         return Response::Json({{"index", index}, {"size", size}, {"proof", HashList(proof)}});
       }, "Inclusion proof of leaf `index` in the tree of `size` leaves.", 0, Access::kPublic},
      {.response = Object({{"index", Integer()}, {"size", Integer()}, {"proof", proof}}),
       .query = {size_query("index", "the leaf"), size_query("size", "the tree size (at most the log's)")}});

  add({"GET", "/api/v1/ledger/proofs/consistency", [&log](const Request& req) -> Result<Response> {
         WCP_ASSIGN_OR_RETURN(uint64_t from, QueryU64(req, "from"));
         WCP_ASSIGN_OR_RETURN(uint64_t to, QueryU64(req, "to"));
         WCP_ASSIGN_OR_RETURN(auto proof, log.ConsistencyProof(from, to));
         return Response::Json({{"from", from}, {"to", to}, {"proof", HashList(proof)}});
       }, "Consistency proof between tree sizes `from` and `to`.", 0, Access::kPublic},
      {.response = Object({{"from", Integer()}, {"to", Integer()}, {"proof", proof}}),
       .query = {size_query("from", "the older tree size"), size_query("to", "the newer tree size")}});

  add({"GET", "/api/v1/ledger/receipts/{kind}/{id}", [&log](const Request& req) -> Result<Response> {
         WCP_ASSIGN_OR_RETURN(ledger::Receipt receipt, log.ReceiptFor(req.params.at("kind"), req.params.at("id")));
         const std::string text = receipt.Format();
         if (req.query.count("format") && req.query.at("format") == "json") {
           WCP_ASSIGN_OR_RETURN(ledger::Leaf leaf, ledger::DecodeLeaf(receipt.extra));
           return Response::Json({{"receipt", text}, {"index", receipt.index}, {"leaf", LeafJson(leaf)},
                                  {"public_key", log.verifier().ToString()}});
         }
         Response r = Response::Text(text);
         r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + req.params.at("id") + ".tlog-proof\"");
         return r;
       }, "An offline-verifiable receipt (c2sp.org/tlog-proof@v1) for a ledgered record; with ?format=json "
          "a JSON object {receipt, index, leaf, public_key}.", 0, Access::kPublic},
      {.response = String("the receipt text"), .response_type = "text/plain",
       .other_content = {{"application/json", Object({{"receipt", String()}, {"index", Integer()},
                                                       {"leaf", Ref("LedgerLeaf")}, {"public_key", String()}})}},
       .query = {{"format", "json: the receipt inside a JSON object", Enum({"json", "text"})}}});

  add({"POST", "/api/v1/ledger/verify-receipt", [&p, &log](const Request& req) -> Result<Response> {
         // error_code words the failure in the user's language: the text is not a
         // receipt at all, or it is one that this log's key and tree do not confirm.
         // A check stores nothing: it is not a write in the audit trail.
         auto receipt = ledger::Receipt::Parse(req.body);
         if (!receipt.ok()) {
           return Unchanged(Response::Json(
               {{"valid", false}, {"error", receipt.status().message()}, {"error_code", "receipt-malformed"}}));
         }
         auto leaf = ledger::VerifyReceipt(*receipt, log.verifier());
         if (!leaf.ok()) {
           return Unchanged(Response::Json(
               {{"valid", false}, {"error", leaf.status().message()}, {"error_code", "receipt-not-verified"}}));
         }
         WCP_ASSIGN_OR_RETURN(ledger::CertifiedRecord record, log.Certified(receipt->index, *leaf, LedgerSources(p)));
         return Unchanged(Response::Json({{"valid", true}, {"index", receipt->index}, {"leaf", LeafJson(*leaf)},
                                          {"certifies", CertifiedJson(record, ReaderOf(p, req))}}));
       }, "Verify a pasted receipt against this log's key, and say whether the record it certifies is held and "
          "unchanged; a signed-in caller also sees the record's fields (staff names for the bureau only).",
       64 * 1024, Access::kPublic},
      {.request = String("the receipt text"), .request_type = "text/plain",
       .response = Object({{"valid", Boolean()}, Optional("index", Integer()), Optional("leaf", Ref("LedgerLeaf")),
                           Optional("certifies", Object({{"found", Boolean("the record is still held")},
                                                         {"matches", Boolean("its values are those ledgered")},
                                                         {"record", Nullable(AnyObject("the record's "
                                                                                       "ledgered fields, for a "
                                                                                       "signed-in caller"))}})),
                           Optional("error", String("why it is not valid (English)")),
                           Optional("error_code", Enum({"receipt-malformed", "receipt-not-verified"}))})});

  add({"GET", "/api/v1/ledger/status", [&p, &log](const Request&) -> Result<Response> {
         WCP_ASSIGN_OR_RETURN(auto checkpoints, log.Checkpoints(500));
         Json history = Json::array();
         for (auto it = checkpoints.rbegin(); it != checkpoints.rend(); ++it) {
           history.push_back({{"size", it->size}, {"created_at", it->created_at}});
         }
         Json out = {{"origin", log.origin()},
                     {"public_key", log.verifier().ToString()},
                     {"checkpoint", checkpoints.empty() ? "" : checkpoints.front().note},
                     {"size", checkpoints.empty() ? 0 : checkpoints.front().size},
                     {"history", history},
                     {"last_audit", nullptr}};
         std::lock_guard<std::mutex> lock(p.audit_mu);
         if (p.last_audit) out["last_audit"] = AuditJson(*p.last_audit);
         return Response::Json(out);
       }, "Checkpoint, key, growth history and the last audit.", 0, Access::kPublic},
      {.response = Object({{"origin", String()},
                           {"public_key", String()},
                           {"checkpoint", String("the latest signed checkpoint, empty before the first")},
                           {"size", Integer()},
                           {"history", ArrayOf(Object({{"size", Integer()}, {"created_at", String()}}))},
                           {"last_audit", Nullable(Ref("LedgerAudit"))}})});

  add({"POST", "/api/v1/ledger/audit", [&p, &log](const Request&) -> Result<Response> {
         WCP_ASSIGN_OR_RETURN(ledger::AuditReport report, log.Audit(LedgerSources(p)));
         std::lock_guard<std::mutex> lock(p.audit_mu);
         p.last_audit = report;
         return Response::Json(AuditJson(report));
       }, "Recompute every leaf from the records and compare with the latest checkpoint.", 0,
       Access::kAuthenticated, {http::Role::kAdmin, http::Role::kAnalyst}},
      {.response = Ref("LedgerAudit")});
}

}  // namespace wcp::platform
