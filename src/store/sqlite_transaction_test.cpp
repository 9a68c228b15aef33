#include <gtest/gtest.h>

#include "store/dataset_reader.hpp"
#include "store/store.hpp"

namespace entente {

static void PrintTo(ErrorCode code, std::ostream* out) { *out << error_slug(code); }

namespace {

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    Result<std::unique_ptr<Store>> store = Store::open_sqlite(":memory:", Store::OpenMode::kCreate);
    ASSERT_TRUE(store.is_ok()) << store.status().to_string();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->replace(*dataset).is_ok());
  }

  std::unique_ptr<Transaction> begin(Store::Access access = Store::Access::kWrite) {
    Result<std::unique_ptr<Transaction>> tx = store_->begin(access);
    EXPECT_TRUE(tx.is_ok()) << tx.status().to_string();
    return tx ? std::move(*tx) : nullptr;
  }

  static Membership austria() {
    Membership m;
    m.organisation = "NATO";
    m.nation = "AUT";
    m.period = {Date::from_ymd(2030, 1, 1), std::nullopt};
    m.provenance = {"https://example.org", ""};
    return m;
  }

  std::unique_ptr<Store> store_;
};

TEST_F(TransactionTest, ARecordIsInsertedAtVersionOneAndUpdatedOnlyFromItsVersion) {
  std::unique_ptr<Transaction> tx = begin();
  Result<RegistryRecord> inserted = tx->records().insert(austria());
  ASSERT_TRUE(inserted.is_ok()) << inserted.status().to_string();
  const RecordStamp stamp = stamp_of(*inserted);
  EXPECT_GT(stamp.id, 0);
  EXPECT_EQ(stamp.version, 1);

  Membership changed = std::get<Membership>(*inserted);
  changed.period.to = Date::from_ymd(2031, 1, 1);
  Result<RegistryRecord> updated = tx->records().update(changed);
  ASSERT_TRUE(updated.is_ok());
  EXPECT_EQ(stamp_of(*updated).version, 2);
  EXPECT_EQ(std::get<Membership>(*updated).period.to, Date::from_ymd(2031, 1, 1));

  // The same change from version 1 again is stale.
  Result<RegistryRecord> stale = tx->records().update(changed);
  EXPECT_EQ(stale.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(tx->records().remove(RecordKind::kMembership, stamp.id, 1).code(), ErrorCode::kConflict);
  EXPECT_TRUE(tx->records().remove(RecordKind::kMembership, stamp.id, 2).is_ok());
  EXPECT_EQ(tx->records().remove(RecordKind::kMembership, stamp.id, 2).code(), ErrorCode::kNotFound);
  Result<std::optional<RegistryRecord>> gone = tx->records().find(RecordKind::kMembership, stamp.id);
  ASSERT_TRUE(gone.is_ok());
  EXPECT_FALSE(gone->has_value());
}

TEST_F(TransactionTest, NothingIsKeptWithoutACommit) {
  std::int64_t id = 0;
  {
    std::unique_ptr<Transaction> tx = begin();
    Result<RegistryRecord> inserted = tx->records().insert(austria());
    ASSERT_TRUE(inserted.is_ok());
    id = stamp_of(*inserted).id;
    ASSERT_TRUE(tx->bump_revision().is_ok());
  }
  std::unique_ptr<Transaction> tx = begin(Store::Access::kRead);
  EXPECT_FALSE(tx->records().find(RecordKind::kMembership, id)->has_value());
  EXPECT_EQ(*tx->revision(), 2U);  // 1 at creation, 2 after the load; the rolled-back bump is gone
}

TEST_F(TransactionTest, ACommittedWriteIsSeenByTheNextTransactionAndRaisesTheRevision) {
  std::int64_t id = 0;
  std::uint64_t before = 0;
  {
    std::unique_ptr<Transaction> tx = begin();
    before = *tx->revision();
    id = stamp_of(*tx->records().insert(austria())).id;
    EXPECT_EQ(*tx->bump_revision(), before + 1);
    ASSERT_TRUE(tx->commit().is_ok());
  }
  std::unique_ptr<Transaction> tx = begin(Store::Access::kRead);
  EXPECT_TRUE(tx->records().find(RecordKind::kMembership, id)->has_value());
  EXPECT_EQ(*tx->revision(), before + 1);
  tx.reset();
  const Result<Dataset> loaded = store_->load();
  ASSERT_TRUE(loaded.is_ok());
  const bool found = std::any_of(loaded->memberships.begin(), loaded->memberships.end(),
                                 [id](const Membership& m) { return m.stamp.id == id && m.nation == "AUT"; });
  EXPECT_TRUE(found);
}

TEST_F(TransactionTest, ADuplicateKeyIsAConflictAndAnUnknownNationInvalid) {
  std::unique_ptr<Transaction> tx = begin();
  ASSERT_TRUE(tx->records().insert(austria()).is_ok());
  EXPECT_EQ(tx->records().insert(austria()).status().code(), ErrorCode::kConflict);
  Membership nowhere = austria();
  nowhere.nation = "XYZ";
  EXPECT_EQ(tx->records().insert(nowhere).status().code(), ErrorCode::kInvalidData);
}

TEST_F(TransactionTest, TheAuditLogFiltersAndPagesNewestFirst) {
  std::unique_ptr<Transaction> tx = begin();
  for (int i = 1; i <= 5; ++i) {
    const AuditEntry entry{0,
                           "2026-12-0" + std::to_string(i) + "T10:00:00.000Z",
                           i % 2 == 0 ? "sam" : "ada",
                           "create",
                           i == 5 ? "account" : "membership",
                           i,
                           "",
                           "{\"n\":" + std::to_string(i) + "}",
                           "reason " + std::to_string(i),
                           "req-" + std::to_string(i)};
    ASSERT_TRUE(tx->audit().append(entry).is_ok());
  }
  const auto ids = [&](const AuditQuery& query) {
    std::vector<std::int64_t> found;
    const Result<std::vector<AuditEntry>> entries = tx->audit().list(query);
    EXPECT_TRUE(entries.is_ok());
    if (!entries) return found;
    for (const AuditEntry& e : *entries) found.push_back(e.id);
    return found;
  };
  EXPECT_EQ(ids({}), (std::vector<std::int64_t>{5, 4, 3, 2, 1}));
  EXPECT_EQ(ids({.actor = "sam"}), (std::vector<std::int64_t>{4, 2}));
  EXPECT_EQ(ids({.kind = "account"}), (std::vector<std::int64_t>{5}));
  EXPECT_EQ(ids({.kind = "membership", .record = 3}), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(ids({.from = "2026-12-02T00:00:00.000Z", .to = "2026-12-04T10:00:00.000Z"}),
            (std::vector<std::int64_t>{4, 3, 2}));
  EXPECT_EQ(ids({.before_id = 4, .limit = 2}), (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(*tx->audit().count(), 5U);
  const std::vector<AuditEntry> one = *tx->audit().list({.record = 2});
  ASSERT_EQ(one.size(), 1U);
  EXPECT_EQ(one[0].after, "{\"n\":2}");
  EXPECT_TRUE(one[0].before.empty());
  EXPECT_EQ(one[0].request_id, "req-2");
}

TEST_F(TransactionTest, AccountsSessionsAndTokensAreKeptByHashAndEndTogether) {
  std::unique_ptr<Transaction> tx = begin();
  AccountRepository& accounts = tx->accounts();
  const AccountRecord alice{0, 1, "alice", "viewer", "", "$argon2id$x", false, 0, "", "2026-12-05T00:00:00.000Z"};
  Result<std::int64_t> id = accounts.insert(alice);
  ASSERT_TRUE(id.is_ok());
  EXPECT_EQ(accounts.insert(alice).status().code(), ErrorCode::kConflict);
  ASSERT_TRUE(accounts.insert_session({0, "hash-1", "csrf", *id, "t", "t", "10.0.0.1", "ua"}).is_ok());
  ASSERT_TRUE(accounts.insert_session({0, "hash-2", "csrf", *id, "t", "t", "10.0.0.1", "ua"}).is_ok());
  ASSERT_TRUE(accounts.insert_token({0, "token-hash", *id, "nightly", "t", "2027-01-01T00:00:00.000Z", ""}).is_ok());
  EXPECT_TRUE(accounts.find_session("hash-1")->has_value());
  EXPECT_FALSE(accounts.find_session("hash-3")->has_value());
  EXPECT_EQ(accounts.sessions_of(*id)->size(), 2U);
  ASSERT_TRUE(accounts.delete_sessions_of(*id).is_ok());
  ASSERT_TRUE(accounts.delete_tokens_of(*id).is_ok());
  EXPECT_TRUE(accounts.sessions_of(*id)->empty());
  EXPECT_FALSE(accounts.find_token("token-hash")->has_value());
  AccountRecord disabled = **accounts.find(*id);
  disabled.disabled = true;
  ASSERT_TRUE(accounts.update(disabled).is_ok());
  const AccountRecord stored = **accounts.find_by_name("alice");
  EXPECT_TRUE(stored.disabled);
  EXPECT_EQ(stored.version, 2);
}

TEST_F(TransactionTest, ReplacingTheReferenceDataKeepsAccountsAndTheAuditLog) {
  {
    std::unique_ptr<Transaction> tx = begin();
    ASSERT_TRUE(tx->accounts().insert({0, 1, "alice", "viewer", "", "h", false, 0, "", "t"}).is_ok());
    ASSERT_TRUE(tx->audit().append({0, "t", "ops", "create", "account", 1, "", "{}", "", "r"}).is_ok());
    ASSERT_TRUE(tx->commit().is_ok());
  }
  Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
  ASSERT_TRUE(store_->replace(*dataset).is_ok());
  std::unique_ptr<Transaction> tx = begin(Store::Access::kRead);
  EXPECT_TRUE(tx->accounts().find_by_name("alice")->has_value());
  EXPECT_EQ(*tx->audit().count(), 1U);
}

}  // namespace

}  // namespace entente
