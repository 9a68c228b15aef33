#include "registry/registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "store/dataset_reader.hpp"

namespace entente {
namespace {

// The registry over tests/data/mini: rows copied from data/*.csv, so every date below can
// be checked against the fixture and its sources.
class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<Dataset> dataset = read_dataset(DirectoryDataFiles("tests/data/mini"));
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    registry_ = std::make_unique<Registry>(std::move(*dataset));
  }

  using Codes = std::vector<std::string>;

  const Registry& registry() const { return *registry_; }

  static Date day(int year, unsigned month, unsigned day_of_month) { return Date::from_ymd(year, month, day_of_month); }

  const Nation& nation(const char* iso3) const {
    const Nation* found = registry().find_nation(iso3);
    EXPECT_NE(found, nullptr) << iso3;
    return *found;
  }
  const Organisation& organisation(const char* id) const {
    const Organisation* found = registry().find_organisation(id);
    EXPECT_NE(found, nullptr) << id;
    return *found;
  }
  const Framework& framework(const char* id) const {
    const Framework* found = registry().find_framework(id);
    EXPECT_NE(found, nullptr) << id;
    return *found;
  }

  Codes members(const char* id, Date as_of) const {
    Codes codes;
    for (const Membership* row : registry().members(organisation(id), as_of)) codes.push_back(row->nation);
    return codes;
  }
  Codes partners(const char* id, Date as_of) const {
    Codes codes;
    for (const Partnership* row : registry().partners(framework(id), as_of)) codes.push_back(row->nation);
    return codes;
  }
  RelationEntry relation(const char* iso3, const char* id, Date as_of) const {
    return registry().relation(nation(iso3), organisation(id), as_of);
  }

  // "date kind organisation/framework: detail" for each event, to compare timelines whole.
  Codes timeline(std::optional<std::string> organisation_id, std::optional<std::string> iso3, Date from,
                 Date to) const {
    Codes lines;
    for (const TimelineEvent* event :
         registry().timeline(TimelineFilter{std::move(organisation_id), std::move(iso3), from, to})) {
      lines.push_back(event->date.to_string() + " " + std::string(to_string(event->kind)) + " " + event->organisation +
                      (event->framework.empty() ? "" : "/" + event->framework) + ": " + event->detail);
    }
    return lines;
  }
  Codes search(std::string_view query) const {
    Codes codes;
    for (const Nation* found : registry().search(query)) codes.push_back(found->iso3);
    return codes;
  }

  static Codes sorted(Codes lines) {
    std::sort(lines.begin(), lines.end());
    return lines;
  }

 private:
  std::unique_ptr<Registry> registry_;
};

// --- Lookups ------------------------------------------------------------------------------

TEST_F(RegistryTest, FindsByExactCaseSensitiveKey) {
  EXPECT_NE(registry().find_nation("FIN"), nullptr);
  EXPECT_EQ(registry().find_nation("fin"), nullptr);
  EXPECT_EQ(registry().find_nation("XYZ"), nullptr);
  EXPECT_NE(registry().find_organisation("WEU"), nullptr);
  EXPECT_EQ(registry().find_organisation("EU"), nullptr);
  EXPECT_NE(registry().find_framework("NACC"), nullptr);
  EXPECT_EQ(registry().find_framework("EOP"), nullptr);
}

// --- Members ------------------------------------------------------------------------------

TEST_F(RegistryTest, NatoMembersAsOfDatesOrderedByName) {
  EXPECT_EQ(members("NATO", day(1949, 8, 23)), Codes{});
  EXPECT_EQ(members("NATO", day(1949, 8, 24)), (Codes{"CAN", "USA"}));
  EXPECT_EQ(members("NATO", day(1955, 5, 6)), (Codes{"CAN", "DEU", "USA"}));
  EXPECT_EQ(members("NATO", day(1999, 3, 11)), (Codes{"CAN", "DEU", "USA"}));
  EXPECT_EQ(members("NATO", day(1999, 3, 12)), (Codes{"CAN", "DEU", "HUN", "USA"}));
  EXPECT_EQ(members("NATO", day(2024, 3, 7)), (Codes{"CAN", "FIN", "DEU", "HUN", "SWE", "USA"}));
}

TEST_F(RegistryTest, FinlandBecomesMemberOnAccessionDay) {
  EXPECT_EQ(members("NATO", day(2023, 4, 3)).size(), 4U);
  EXPECT_EQ(members("NATO", day(2023, 4, 4)), (Codes{"CAN", "FIN", "DEU", "HUN", "USA"}));
}

TEST_F(RegistryTest, MembersIncludeObserversAndAssociatesUntilDissolution) {
  const std::vector<const Membership*> weu = registry().members(organisation("WEU"), day(2011, 6, 30));
  ASSERT_EQ(weu.size(), 5U);
  EXPECT_EQ(weu[0]->nation, "AUT");
  EXPECT_EQ(weu[0]->status, MembershipStatus::kObserver);
  EXPECT_EQ(weu[2]->nation, "DEU");
  EXPECT_EQ(weu[2]->status, MembershipStatus::kMember);
  EXPECT_EQ(weu[3]->nation, "HUN");
  EXPECT_EQ(weu[3]->status, MembershipStatus::kAssociate);
  EXPECT_EQ(members("WEU", day(2011, 7, 1)), Codes{});
}

// --- Partners -----------------------------------------------------------------------------

TEST_F(RegistryTest, MaltaLeavesPartnershipForPeaceAndComesBack) {
  EXPECT_EQ(partners("PFP", day(1996, 1, 1)), (Codes{"AUT", "FIN", "HUN", "MLT", "RUS", "SWE", "UKR"}));
  EXPECT_EQ(partners("PFP", day(2000, 1, 1)), (Codes{"AUT", "FIN", "RUS", "SWE", "UKR"}));
  EXPECT_EQ(partners("PFP", day(2010, 1, 1)), (Codes{"AUT", "FIN", "MLT", "RUS", "SWE", "UKR"}));
}

TEST_F(RegistryTest, PartnersIncludeSuspendedPartnersWithTheirStatus) {
  const std::vector<const Partnership*> pfp = registry().partners(framework("PFP"), day(2015, 1, 1));
  const auto russia = std::find_if(pfp.begin(), pfp.end(), [](const Partnership* p) { return p->nation == "RUS"; });
  ASSERT_NE(russia, pfp.end());
  EXPECT_EQ((*russia)->status, PartnershipStatus::kSuspended);
  EXPECT_EQ((*russia)->period.from, day(2014, 4, 1));
}

TEST_F(RegistryTest, PartnersOfAFrameworkOnlyIncludeThatFramework) {
  EXPECT_EQ(partners("MD", day(2000, 1, 1)), Codes{"EGY"});
  EXPECT_EQ(partners("NACC", day(1991, 12, 20)), (Codes{"HUN", "SUN"}));
  EXPECT_EQ(partners("NACC", day(1997, 5, 30)), Codes{});
}

// --- Relations ----------------------------------------------------------------------------

TEST_F(RegistryTest, FinlandIsAPartnerTheDayBeforeAccessionAndAMemberOnTheDay) {
  const RelationEntry before = relation("FIN", "NATO", day(2023, 4, 3));
  EXPECT_EQ(before.relation, Relation::kPartner);
  EXPECT_EQ(before.frameworks, (Codes{"EAPC", "PFP"}));
  EXPECT_EQ(before.nation->iso3, "FIN");
  EXPECT_EQ(before.organisation->id, "NATO");

  const RelationEntry on = relation("FIN", "NATO", day(2023, 4, 4));
  EXPECT_EQ(on.relation, Relation::kMember);
  EXPECT_TRUE(on.frameworks.empty());
}

TEST_F(RegistryTest, RussiaIsASuspendedPartnerFromApril2014) {
  EXPECT_EQ(relation("RUS", "NATO", day(2014, 3, 31)).relation, Relation::kPartner);
  const RelationEntry suspended = relation("RUS", "NATO", day(2015, 1, 1));
  EXPECT_EQ(suspended.relation, Relation::kSuspendedPartner);
  EXPECT_EQ(suspended.frameworks, (Codes{"EAPC", "PFP"}));
}

TEST_F(RegistryTest, MaltaIsAFormerPartnerBetweenItsPartnerships) {
  EXPECT_EQ(relation("MLT", "NATO", day(1996, 10, 26)).relation, Relation::kPartner);
  const RelationEntry out = relation("MLT", "NATO", day(1996, 10, 27));
  EXPECT_EQ(out.relation, Relation::kFormerPartner);
  EXPECT_TRUE(out.frameworks.empty());
  EXPECT_EQ(relation("MLT", "NATO", day(2008, 4, 3)).frameworks, (Codes{"EAPC", "PFP"}));
}

TEST_F(RegistryTest, ObserverHistoryMakesAFormerPartner) {
  EXPECT_EQ(relation("AUT", "WEU", day(1994, 12, 31)).relation, Relation::kNone);
  EXPECT_EQ(relation("AUT", "WEU", day(2000, 1, 1)).relation, Relation::kObserver);
  EXPECT_EQ(relation("AUT", "WEU", day(2011, 7, 1)).relation, Relation::kFormerPartner);
}

TEST_F(RegistryTest, FullMembershipThatEndedMakesAFormerMember) {
  EXPECT_EQ(relation("DEU", "WEU", day(2011, 6, 30)).relation, Relation::kMember);
  EXPECT_EQ(relation("DEU", "WEU", day(2011, 7, 1)).relation, Relation::kFormerMember);
}

TEST_F(RegistryTest, AssociateMembershipThatEndedMakesAFormerPartnerNotAFormerMember) {
  EXPECT_EQ(relation("HUN", "WEU", day(1998, 1, 1)).relation, Relation::kObserver);
  EXPECT_EQ(relation("HUN", "WEU", day(2000, 1, 1)).relation, Relation::kAssociate);
  EXPECT_EQ(relation("HUN", "WEU", day(2012, 1, 1)).relation, Relation::kFormerPartner);
}

TEST_F(RegistryTest, MembershipOutranksAnEndedPartnership) {
  // Hungary's partnerships ended on accession; it is a member, not a former partner.
  EXPECT_EQ(relation("HUN", "NATO", day(1999, 3, 11)).relation, Relation::kPartner);
  EXPECT_EQ(relation("HUN", "NATO", day(2000, 1, 1)).relation, Relation::kMember);
}

TEST_F(RegistryTest, NoHistoryIsNone) {
  EXPECT_EQ(relation("USA", "WEU", day(2000, 1, 1)).relation, Relation::kNone);
  EXPECT_EQ(relation("EGY", "NATO", day(1995, 2, 7)).relation, Relation::kNone);
  EXPECT_EQ(relation("EGY", "NATO", day(1995, 2, 8)).relation, Relation::kPartner);
}

TEST_F(RegistryTest, RelationsOnlyListNationsExistingOnTheDay) {
  const auto codes_on = [&](Date as_of) {
    Codes codes;
    for (const RelationEntry& entry : registry().relations(organisation("NATO"), as_of)) {
      codes.push_back(entry.nation->iso3);
    }
    return codes;
  };
  // Ordered by name: Russia (from 1991-12-26) and the Soviet Union (to 1991-12-26) never overlap.
  const Codes before = codes_on(day(1991, 12, 25));
  EXPECT_NE(std::find(before.begin(), before.end(), "SUN"), before.end());
  EXPECT_EQ(std::find(before.begin(), before.end(), "RUS"), before.end());
  EXPECT_EQ(before.size(), 11U);

  const Codes after = codes_on(day(1991, 12, 26));
  EXPECT_EQ(std::find(after.begin(), after.end(), "SUN"), after.end());
  EXPECT_EQ(after, (Codes{"AUT", "CAN", "EGY", "FIN", "DEU", "HUN", "MLT", "RUS", "SWE", "UKR", "USA"}));
}

TEST_F(RegistryTest, RelationsGiveEachNationsStanding) {
  const std::vector<RelationEntry> relations = registry().relations(organisation("NATO"), day(2023, 4, 4));
  const auto relation_of = [&](const char* iso3) {
    for (const RelationEntry& entry : relations) {
      if (entry.nation->iso3 == iso3) return entry.relation;
    }
    return Relation::kNone;
  };
  EXPECT_EQ(relation_of("FIN"), Relation::kMember);
  EXPECT_EQ(relation_of("SWE"), Relation::kPartner);
  EXPECT_EQ(relation_of("RUS"), Relation::kSuspendedPartner);
  EXPECT_EQ(relation_of("EGY"), Relation::kPartner);
}

// --- Profile ------------------------------------------------------------------------------

TEST_F(RegistryTest, ProfileListsLiveOrganisationsAndPastOnesWithHistory) {
  const NationProfile finland = registry().profile(nation("FIN"), day(2012, 1, 1));
  ASSERT_EQ(finland.relations.size(), 2U);  // NATO, and the dissolved WEU it observed
  EXPECT_EQ(finland.relations[0].organisation->id, "NATO");
  EXPECT_EQ(finland.relations[0].relation, Relation::kPartner);
  EXPECT_EQ(finland.relations[1].organisation->id, "WEU");
  EXPECT_EQ(finland.relations[1].relation, Relation::kFormerPartner);
  EXPECT_EQ(finland.memberships.size(), 2U);
  EXPECT_EQ(finland.partnerships.size(), 2U);
  EXPECT_EQ(finland.memberships[0]->organisation, "WEU");  // by start: 1995 before 2023

  const NationProfile usa = registry().profile(nation("USA"), day(2012, 1, 1));
  ASSERT_EQ(usa.relations.size(), 1U);
  EXPECT_EQ(usa.relations[0].organisation->id, "NATO");

  const NationProfile ukraine = registry().profile(nation("UKR"), day(2012, 1, 1));
  ASSERT_EQ(ukraine.plans.size(), 1U);
  EXPECT_EQ(ukraine.plans[0]->plan, "ANP");
}

// --- Timeline -----------------------------------------------------------------------------

TEST_F(RegistryTest, FinnishAccessionEndsItsPartnerships) {
  EXPECT_EQ(timeline(std::nullopt, "FIN", day(2023, 4, 4), day(2023, 4, 4)),
            (Codes{"2023-04-04 accession NATO: Finland joins NATO",
                   "2023-04-04 partnership-end NATO/EAPC: Finland's partnership in the Euro-Atlantic Partnership "
                   "Council ends on accession to NATO",
                   "2023-04-04 partnership-end NATO/PFP: Finland's partnership in the Partnership for Peace ends on "
                   "accession to NATO"}));
}

TEST_F(RegistryTest, TimelineEventsCarryNationAndProvenance) {
  const std::vector<const TimelineEvent*> events =
      registry().timeline(TimelineFilter{"NATO", "FIN", day(2023, 4, 4), day(2023, 4, 4)});
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0]->kind, EventKind::kAccession);
  EXPECT_EQ(events[0]->nation, "FIN");
  EXPECT_EQ(events[0]->framework, "");
  EXPECT_TRUE(events[0]->provenance.source.starts_with("NATO, Member countries")) << events[0]->provenance.source;
}

TEST_F(RegistryTest, MaltaWithdrawsFromPartnershipForPeaceAndRejoins) {
  EXPECT_EQ(timeline(std::nullopt, "MLT", day(1, 1, 1), day(2024, 1, 1)),
            (Codes{"1995-04-26 partnership-start NATO/PFP: Malta joins the Partnership for Peace",
                   "1996-10-27 partnership-end NATO/PFP: Malta withdraws from the Partnership for Peace",
                   "2008-04-03 partnership-start NATO/EAPC: Malta joins the Euro-Atlantic Partnership Council",
                   "2008-04-03 partnership-start NATO/PFP: Malta joins the Partnership for Peace"}));
}

TEST_F(RegistryTest, RussiasPartnershipIsSuspended) {
  EXPECT_EQ(timeline("NATO", "RUS", day(2014, 4, 1), day(2014, 4, 1)),
            (Codes{"2014-04-01 partnership-suspended NATO/EAPC: Practical cooperation with Russia in the "
                   "Euro-Atlantic Partnership Council is suspended",
                   "2014-04-01 partnership-suspended NATO/PFP: Practical cooperation with Russia in the Partnership "
                   "for Peace is suspended"}));
}

TEST_F(RegistryTest, NaccEndsWithItsSuccessorAndEndsItsPartnerships) {
  // The order of events on one day is not part of the contract; compare them as a set.
  EXPECT_EQ(
      sorted(timeline("NATO", std::nullopt, day(1997, 5, 30), day(1997, 5, 30))),
      sorted(Codes{"1997-05-30 framework-launched NATO/EAPC: Euro-Atlantic Partnership Council is launched",
                   "1997-05-30 partnership-start NATO/EAPC: Austria joins the Euro-Atlantic Partnership Council",
                   "1997-05-30 partnership-start NATO/EAPC: Finland joins the Euro-Atlantic Partnership Council",
                   "1997-05-30 partnership-start NATO/EAPC: Hungary joins the Euro-Atlantic Partnership Council",
                   "1997-05-30 partnership-start NATO/EAPC: Russia joins the Euro-Atlantic Partnership Council",
                   "1997-05-30 partnership-start NATO/EAPC: Sweden joins the Euro-Atlantic Partnership Council",
                   "1997-05-30 partnership-start NATO/EAPC: Ukraine joins the Euro-Atlantic Partnership Council",
                   "1997-05-30 framework-ended NATO/NACC: North Atlantic Cooperation Council ends, succeeded by "
                   "Euro-Atlantic Partnership Council",
                   "1997-05-30 partnership-end NATO/NACC: Hungary's partnership in the North Atlantic Cooperation "
                   "Council ends as the framework ends",
                   "1997-05-30 partnership-end NATO/NACC: Russia's partnership in the North Atlantic Cooperation "
                   "Council ends as the framework ends",
                   "1997-05-30 partnership-end NATO/NACC: Ukraine's partnership in the North Atlantic Cooperation "
                   "Council ends as the framework ends"}));
}

TEST_F(RegistryTest, FormerGdrTerritoryComesUnderNatoWithReunification) {
  EXPECT_EQ(timeline("NATO", "DEU", day(1990, 1, 1), day(1990, 12, 31)),
            (Codes{"1990-10-03 territory-extended NATO: The territory of the former German Democratic Republic "
                   "comes under NATO as part of Germany"}));
  const NationProfile germany = registry().profile(*registry().find_nation("DEU"), day(2000, 1, 1));
  ASSERT_EQ(germany.territory_changes.size(), 1U);
  EXPECT_EQ(germany.territory_changes.front()->date, day(1990, 10, 3));
}

TEST_F(RegistryTest, SovietUnionsPartnershipEndsWithTheState) {
  EXPECT_EQ(timeline(std::nullopt, "SUN", day(1, 1, 1), day(2024, 1, 1)),
            (Codes{"1991-12-20 partnership-start NATO/NACC: Soviet Union joins the North Atlantic Cooperation Council",
                   "1991-12-26 partnership-end NATO/NACC: Soviet Union's partnership in the North Atlantic "
                   "Cooperation Council ends as the state ceases to exist"}));
}

TEST_F(RegistryTest, HungaryChangesStatusInWeuAndJoinsNato) {
  EXPECT_EQ(timeline(std::nullopt, "HUN", day(1994, 5, 9), day(1999, 3, 12)),
            (Codes{"1994-05-09 status-change WEU: Hungary becomes an observer of WEU",
                   "1997-05-30 partnership-start NATO/EAPC: Hungary joins the Euro-Atlantic Partnership Council",
                   "1997-05-30 partnership-end NATO/NACC: Hungary's partnership in the North Atlantic Cooperation "
                   "Council ends as the framework ends",
                   "1999-03-12 accession NATO: Hungary joins NATO",
                   "1999-03-12 partnership-end NATO/EAPC: Hungary's partnership in the Euro-Atlantic Partnership "
                   "Council ends on accession to NATO",
                   "1999-03-12 partnership-end NATO/PFP: Hungary's partnership in the Partnership for Peace ends on "
                   "accession to NATO",
                   "1999-03-12 status-change WEU: Hungary becomes an associate of WEU"}));
}

TEST_F(RegistryTest, DissolutionEndsMembershipsWithoutWithdrawals) {
  EXPECT_EQ(timeline("WEU", std::nullopt, day(2011, 7, 1), day(2011, 7, 1)),
            (Codes{"2011-07-01 organisation-dissolved WEU: Western European Union is dissolved"}));
}

TEST_F(RegistryTest, TimelineBoundsAreInclusive) {
  const auto count = [&](Date from, Date to) {
    return registry().timeline(TimelineFilter{std::nullopt, "HUN", from, to}).size();
  };
  EXPECT_EQ(count(day(1999, 3, 12), day(1999, 3, 12)), 4U);
  EXPECT_EQ(count(day(1999, 3, 13), day(2024, 1, 1)), 0U);
  EXPECT_EQ(count(day(1991, 12, 21), day(1999, 3, 11)), 4U);
}

TEST_F(RegistryTest, TimelineFiltersByOrganisationAndIsInDateOrder) {
  const std::vector<const TimelineEvent*> events =
      registry().timeline(TimelineFilter{"WEU", std::nullopt, day(1, 1, 1), day(9999, 12, 31)});
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front()->kind, EventKind::kOrganisationFounded);
  EXPECT_EQ(events.front()->date, day(1948, 8, 25));
  EXPECT_EQ(events.back()->kind, EventKind::kOrganisationDissolved);
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i]->organisation, "WEU");
    if (i > 0) {
      EXPECT_LE(events[i - 1]->date, events[i]->date);
    }
  }
}

// --- Search -------------------------------------------------------------------------------

TEST_F(RegistryTest, SearchFindsACodeIgnoringCase) {
  EXPECT_EQ(search("swe"), Codes{"SWE"});
  EXPECT_EQ(search("SWEDEN"), Codes{"SWE"});
  EXPECT_EQ(search("  fin "), Codes{"FIN"});
}

TEST_F(RegistryTest, SearchPutsExactCodesFirstThenPrefixesThenTheRest) {
  // "us" is the ISO alpha-2 code of the United States and inside "Austria" and "Russia".
  EXPECT_EQ(search("us"), (Codes{"USA", "AUT", "RUS"}));
  // "un": a name starting with it, then names containing it, each by name.
  EXPECT_EQ(search("un"), (Codes{"USA", "HUN", "SUN"}));
  // "s": names starting with it (by name), then names containing it.
  EXPECT_EQ(search("s"), (Codes{"SUN", "SWE", "AUT", "RUS", "USA"}));
}

TEST_F(RegistryTest, SearchIgnoresAccents) {
  EXPECT_EQ(search("SWÉDEN"), Codes{"SWE"});
  EXPECT_EQ(search("Fînland"), Codes{"FIN"});
}

// tests/data/mini/nation_aliases.csv gives Germany FRG and the United States US.
TEST_F(RegistryTest, SearchFindsANationByAnAliasAndSaysWhichAlias) {
  const std::vector<NationMatch> frg = registry().search_matches("frg");
  ASSERT_EQ(frg.size(), 1U);
  EXPECT_EQ(frg[0].nation->iso3, "DEU");
  EXPECT_EQ(frg[0].alias, "FRG");
  // "fr": an alias starting with it, then a name containing it.
  EXPECT_EQ(search("fr"), (Codes{"DEU"}));
  // A match by code or by name names no alias, even where an alias matches too.
  const std::vector<NationMatch> us = registry().search_matches("us");
  ASSERT_FALSE(us.empty());
  EXPECT_EQ(us[0].nation->iso3, "USA");
  EXPECT_EQ(us[0].alias, "");
  const std::vector<NationMatch> germany = registry().search_matches("germany");
  ASSERT_EQ(germany.size(), 1U);
  EXPECT_EQ(germany[0].alias, "");
}

TEST_F(RegistryTest, SearchForNothingFindsNothing) {
  EXPECT_EQ(search(""), Codes{});
  EXPECT_EQ(search("   "), Codes{});
  EXPECT_EQ(search("atlantis"), Codes{});
}

// --- Search over the reference data -------------------------------------------------------

// The registry over the shipped data/ (tests run from the repository root), read once.
class ReferenceSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<Dataset> dataset = read_dataset(DirectoryDataFiles("data"));
    ASSERT_TRUE(dataset.is_ok()) << dataset.status().to_string();
    registry_ = std::make_unique<Registry>(std::move(*dataset));
  }
  static void TearDownTestSuite() { registry_.reset(); }

  // The alpha-3 code of the first nation `query` finds; empty when it finds none.
  static std::string first(std::string_view query) {
    const std::vector<const Nation*> found = registry_->search(query);
    return found.empty() ? std::string() : found.front()->iso3;
  }

  static inline std::unique_ptr<Registry> registry_;
};

// Every row of data/nation_aliases.csv: its alias as written, without its accents and in
// capitals finds its nation first, and the search names the alias unless the nation's
// own code matched (USA, FSM...).
TEST_F(ReferenceSearchTest, EveryAliasFindsItsNationFirst) {
  const SharedRows<NationAlias>& aliases = registry_->dataset().nation_aliases;
  ASSERT_GE(aliases.size(), 90U);
  for (const NationAlias& row : aliases) {
    SCOPED_TRACE(row.nation + " " + row.alias);
    for (const std::string& query : {row.alias, fold_case_and_accents(row.alias), ascii_upper(row.alias)}) {
      const std::vector<NationMatch> matches = registry_->search_matches(query);
      ASSERT_FALSE(matches.empty()) << query;
      EXPECT_EQ(matches.front().nation->iso3, row.nation) << query;
      const Nation& nation = *matches.front().nation;
      const bool code = fold_case_and_accents(query) == fold_case_and_accents(nation.iso3) ||
                        fold_case_and_accents(query) == fold_case_and_accents(nation.iso2);
      EXPECT_EQ(matches.front().alias, code ? "" : row.alias) << query;
    }
  }
}

TEST_F(ReferenceSearchTest, FindsTheNamesPeopleType) {
  EXPECT_EQ(first("cote d'ivoire"), "CIV");  // the name without its accent
  EXPECT_EQ(first("ivory coast"), "CIV");
  EXPECT_EQ(first("turkey"), "TUR");
  EXPECT_EQ(first("uk"), "GBR");
  EXPECT_EQ(first("usa"), "USA");
  EXPECT_EQ(first("holland"), "NLD");
  EXPECT_EQ(first("burma"), "MMR");
  EXPECT_EQ(first("Sao Tome"), "STP");
}

// A nation both an alias and its name find is listed once.
TEST_F(ReferenceSearchTest, ListsANationOnce) {
  const std::vector<const Nation*> found = registry_->search("germany");
  std::vector<std::string> codes;
  codes.reserve(found.size());
  for (const Nation* nation : found) codes.push_back(nation->iso3);
  std::vector<std::string> unique = codes;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  EXPECT_EQ(unique.size(), codes.size());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "DEU"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "DDR"), codes.end());
}

}  // namespace
}  // namespace entente
