#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ledger/log_store.hpp"
#include "modules/indicators/indicator_store.hpp"
#include "modules/indicators/observation_store.hpp"
#include "store/testing/test_database.hpp"

namespace wcp::indicators {
namespace {

TEST(ObservationParseTest, AcceptsTheApiShape) {
  auto o = ParseObservation(Json::parse(R"({"period": "2024-03", "period_type": "ytd", "level": 1400.5,
                                            "yoy_growth": 0.052, "source": "区统计局", "release": "快报"})"),
                            "retail_sales");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->period, "2024-YTD03");
  EXPECT_EQ(o->level, "1400.5");
  EXPECT_EQ(o->yoy_growth, "0.052");
  EXPECT_EQ(ParseObservation(Json::parse(R"({"period":"2024","period_type":"year","level":"1330"})"), "x")->level,
            "1330");
}

TEST(ObservationParseTest, ErrorsNameTheField) {
  const auto field = [](const char* body, std::optional<size_t> pos = std::nullopt) {
    return ParseObservation(Json::parse(body), "x", pos).status().field();
  };
  EXPECT_EQ(field(R"({"period_type":"year","level":1})"), "period");
  EXPECT_EQ(field(R"({"period":"2024","period_type":"decade","level":1})"), "period_type");
  EXPECT_EQ(field(R"({"period":"2024-13","period_type":"month","level":1})"), "period");
  EXPECT_EQ(field(R"({"period":"2024","period_type":"year","level":"lots"})"), "level");
  EXPECT_EQ(field(R"({"period":"2024","period_type":"year"})"), "level");
  EXPECT_EQ(field(R"({"period":"2024","period_type":"year","level":1,"colour":"red"})"), "colour");
  EXPECT_EQ(field(R"({"period":"2024","period_type":"year","level":true})", 3), "[3].level");
  EXPECT_EQ(field(R"({"period":"2024-01","period_type":"ytd","level":1})"), "period");  // 1–2月 combined
}

TEST(ObservationParseTest, CanonicalBytesAreStable) {
  Observation o;
  o.id = "0190";
  o.indicator = "retail_sales";
  o.period = "2023";
  o.period_type = "year";
  o.level = "1330";
  o.source = "区统计局";
  o.release = "年报";
  o.decided_by = "u2";
  EXPECT_EQ(CanonicalBytes(o),
            R"({"approved_by":"u2","id":"0190","indicator":"retail_sales","level":"1330","period":"2023",)"
            R"("period_type":"year","release":"年报","source":"区统计局","yoy_growth":null})");
}

class ObservationStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    store::MigrationSet set;
    ledger::AddMigrations(set);
    AddMigrations(set);
    auto t = store::testing::TestDatabase::CreateMigrated(GetParam(), set);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    test_ = std::move(t).value();
    const std::string path = std::string(WCP_SOURCE_DIR) + "/data/plan/indicators.csv";
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    ASSERT_TRUE(OpenIndicatorStore(test_->db())->Upsert(*ParseIndicatorsCsv(*CsvTable::Parse(ss.str(), path))).ok());
    obs_ = OpenObservationStore(test_->db());
    log_ = ledger::OpenLogStore(test_->db());
  }
  Observation Make(const std::string& indicator, const std::string& period, const std::string& level) {
    Observation o = *ParseObservation(Json{{"period", period}, {"period_type", "year"}, {"level", level},
                                           {"source", "区统计局"}, {"release", "年报"}},
                                      indicator);
    o.submitted_by = "analyst-1";
    return o;
  }
  std::unique_ptr<store::testing::TestDatabase> test_;
  std::unique_ptr<ObservationStore> obs_;
  std::unique_ptr<ledger::LogStore> log_;
};

TEST_P(ObservationStoreTest, BatchIsAllOrNothing) {
  std::vector<Observation> batch = {Make("retail_sales", "2021", "1200"), Make("no_such_indicator", "2021", "1")};
  EXPECT_EQ(obs_->Submit(batch).code(), ErrorCode::kNotFound);
  EXPECT_TRUE(obs_->List("retail_sales")->empty());
}

// A row altered behind the application's back (a level that is no number, a
// period that is not canonical) is reported as a fault naming it, never read
// as zero or thrown past the store — except by the ledger audit's source,
// which reads it as stored so that the audit reports it as altered.
TEST_P(ObservationStoreTest, AStoredValueThatIsNotANumberFailsLoudly) {
  std::vector<Observation> batch = {Make("retail_sales", "2023", "1330")};
  ASSERT_TRUE(obs_->Submit(batch).ok());
  ASSERT_TRUE(obs_->Approve(batch[0].id, "analyst-2").ok());
  const std::string ledgered = obs_->ApprovedCanonical()->at(batch[0].id);
  for (const char* sql : {"UPDATE indicator_observations SET level = '1,330' WHERE id = $1",
                          "UPDATE indicator_observations SET level = '1330', period = '2023-13' WHERE id = $1"}) {
    ASSERT_TRUE(test_->db().Write([&](store::Tx& tx) { return tx.Execute(sql, batch[0].id).status(); }).ok()) << sql;
    const Status read = obs_->List("retail_sales").status();
    EXPECT_EQ(read.code(), ErrorCode::kInternal) << sql;
    EXPECT_NE(read.message().find(batch[0].id), std::string::npos) << read.message();
    auto audited = obs_->ApprovedCanonical();
    ASSERT_TRUE(audited.ok()) << audited.status().ToString();
    EXPECT_NE((*audited)[batch[0].id], ledgered) << sql;  // the audit sees the change
  }
}

TEST_P(ObservationStoreTest, ApprovalByAnotherUserIsLedgered) {
  std::vector<Observation> batch = {Make("retail_sales", "2023", "1330")};
  ASSERT_TRUE(obs_->Submit(batch).ok());
  const std::string id = batch[0].id;
  EXPECT_EQ(obs_->Approve(id, "analyst-1").status().code(), ErrorCode::kForbidden);  // own submission
  auto approved = obs_->Approve(id, "analyst-2");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->state, ObservationState::kApproved);
  ASSERT_TRUE(approved->ledger_index.has_value());
  EXPECT_EQ(obs_->Get(id)->ledger_index, approved->ledger_index);
  // The ledger entry commits to exactly the approved record.
  auto entries = log_->EntriesFor(kLedgerKind, id);
  ASSERT_EQ(entries->size(), 1u);
  auto leaf = ledger::DecodeLeaf(entries->at(0).bytes);
  ASSERT_TRUE(leaf.ok());
  EXPECT_EQ(leaf->commitment, ledger::Commitment(*log_->Salt(entries->at(0).index), CanonicalBytes(*approved)));
  // Approved values are locked.
  EXPECT_EQ(obs_->Approve(id, "analyst-3").status().code(), ErrorCode::kConflict);
  EXPECT_EQ(obs_->Reject(id, "analyst-3", "late").status().code(), ErrorCode::kConflict);
  EXPECT_EQ(obs_->ApprovedCanonical()->at(id), CanonicalBytes(*approved));
}

TEST_P(ObservationStoreTest, RevisionKeepsTheFirstRelease) {
  std::vector<Observation> first = {Make("retail_sales", "2023", "1330")};
  first[0].release = "快报";
  ASSERT_TRUE(obs_->Submit(first).ok());
  ASSERT_TRUE(obs_->Approve(first[0].id, "analyst-2").ok());
  std::vector<Observation> revision = {Make("retail_sales", "2023", "1336.2")};
  revision[0].release = "年报";
  ASSERT_TRUE(obs_->Submit(revision).ok());
  ASSERT_TRUE(obs_->Approve(revision[0].id, "analyst-2").ok());
  auto all = obs_->List("retail_sales");
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all->at(0).level, "1330");
  EXPECT_EQ(all->at(0).release, "快报");
  EXPECT_EQ(all->at(1).level, "1336.2");
}

TEST_P(ObservationStoreTest, DraftsAreSubmittedByTheirAuthorBeforeApproval) {
  std::vector<Observation> batch = {Make("fdi_utilized", "2022", "14.9")};
  ASSERT_TRUE(obs_->Submit(batch, /*as_draft=*/true).ok());
  const std::string id = batch[0].id;
  EXPECT_EQ(obs_->Get(id)->state, ObservationState::kDraft);
  EXPECT_EQ(obs_->Approve(id, "analyst-2").status().code(), ErrorCode::kConflict);  // not submitted yet
  EXPECT_EQ(obs_->SubmitDraft(id, "analyst-2").status().code(), ErrorCode::kForbidden);
  ASSERT_TRUE(obs_->SubmitDraft(id, "analyst-1").ok());
  EXPECT_EQ(obs_->SubmitDraft(id, "analyst-1").status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(obs_->Approve(id, "analyst-2").ok());
}

TEST_P(ObservationStoreTest, RejectionKeepsTheReason) {
  std::vector<Observation> batch = {Make("catering_above_size", "2022", "13.1")};
  ASSERT_TRUE(obs_->Submit(batch).ok());
  auto r = obs_->Reject(batch[0].id, "analyst-2", "与年报口径不一致");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(obs_->Get(batch[0].id)->reason, "与年报口径不一致");
  EXPECT_FALSE(obs_->Get(batch[0].id)->ledger_index.has_value());
  EXPECT_TRUE(log_->EntriesFor(kLedgerKind, batch[0].id)->empty());
}

WCP_INSTANTIATE_BACKEND_SUITE(ObservationStoreTest);

}  // namespace
}  // namespace wcp::indicators
