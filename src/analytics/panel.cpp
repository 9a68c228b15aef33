#include "analytics/panel.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>
#include <map>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>

#include "core/gzip_stream.hpp"

namespace entente {

namespace {

using Word = std::uint64_t;
constexpr std::size_t kWordBits = 64;

std::size_t words_for(std::size_t bits) { return (bits + kWordBits - 1) / kWordBits; }

void set_bit(Word* words, std::size_t bit) { words[bit / kWordBits] |= Word{1} << (bit % kWordBits); }
bool test_bit(const Word* words, std::size_t bit) { return ((words[bit / kWordBits] >> (bit % kWordBits)) & 1U) != 0; }

// The obligations of alliance_provisions.csv the panel reports, in column order.
constexpr std::array<std::string_view, 5> kObligations{"defense", "offense", "neutrality", "nonaggression",
                                                       "consultation"};
using Levels = std::array<std::uint8_t, kObligations.size()>;

}  // namespace

// Everything the rows are made of, prepared once; the cursor only combines bitsets.
struct PanelIndex {
  struct Year {
    int year = 0;
    std::string prefix;  // "1990,"
    // Whether each column group's dataset covers the year (else its cells are empty).
    bool memberships = false;
    bool partnerships = false;
    bool provisions = false;
    bool exercises = false;
    bool operations = false;
    // Per nation: whether it exists on some day of the year, its first and last such day
    // (days since the epoch), and the slot of its last day.
    std::vector<std::uint8_t> exists;
    std::vector<std::int32_t> first_day;
    std::vector<std::int32_t> last_day;
    std::vector<std::uint32_t> slot;
    // The distinct last days, ascending: 31 December and the last days of nations ending
    // in the year. A dyad's values are as of the earlier of its two last days, the slot
    // min(slot[a], slot[b]).
    std::size_t slots = 0;
    // [slot][nation][word]: organisations a nation is a member of; organisations a nation
    // is an active partner of; alliances in force a nation is a member of.
    std::vector<Word> members;
    std::vector<Word> partners;
    std::vector<Word> alliances;
    // [nation][word]: the year's exercises (as participant) and operations a nation took part in.
    std::size_t exercise_words = 0;
    std::size_t operation_words = 0;
    std::vector<Word> exercises_taken;
    std::vector<Word> operations_taken;
  };

  int from = 0;
  int to = 0;
  std::vector<std::string> nations;        // sorted
  std::vector<std::string> organisations;  // sorted: bit i is organisations[i]
  std::size_t organisation_words = 0;
  std::size_t alliance_count = 0;
  std::size_t alliance_words = 0;
  // [alliance * nations + nation]: the levels binding that nation in that alliance.
  std::vector<Levels> alliance_levels;
  std::vector<Year> years;
  std::int64_t rows = 0;
  std::size_t max_row_bytes = 0;

  std::size_t nation_count() const { return nations.size(); }
  const Word* members_of(const Year& y, std::size_t slot, std::size_t nation) const {
    return y.members.data() + (slot * nations.size() + nation) * organisation_words;
  }
  const Word* partners_of(const Year& y, std::size_t slot, std::size_t nation) const {
    return y.partners.data() + (slot * nations.size() + nation) * organisation_words;
  }
  const Word* alliances_of(const Year& y, std::size_t slot, std::size_t nation) const {
    return y.alliances.data() + (slot * nations.size() + nation) * alliance_words;
  }
};

namespace {

Status invalid(const std::string& field, const std::string& message) {
  return {ErrorCode::kInvalidArgument, field + ": " + message, field};
}

Status validate(const PanelOptions& options, int this_year, int& from, int& to) {
  from = options.from.value_or(kPanelDefaultFromYear);
  to = options.to.value_or(this_year);
  const auto check_year = [](const char* field, int year) -> Status {
    if (year < kPanelFirstYear) {
      return invalid(field, "year " + std::to_string(year) + " is before " + std::to_string(kPanelFirstYear) +
                                "; the panel covers " + std::to_string(kPanelFirstYear) + " to " +
                                std::to_string(kPanelLastYear));
    }
    if (year > kPanelLastYear) {
      return invalid(field, "year " + std::to_string(year) + " is after " + std::to_string(kPanelLastYear) +
                                "; the panel covers " + std::to_string(kPanelFirstYear) + " to " +
                                std::to_string(kPanelLastYear));
    }
    return Status::ok();
  };
  if (Status status = check_year("from", from); !status) return status;
  if (Status status = check_year("to", to); !status) return status;
  if (from > to) {
    return invalid("from", "year " + std::to_string(from) + " is after to (" + std::to_string(to) +
                               "); give a first year not after the last");
  }
  if (to - from + 1 > kPanelMaxYears) {
    return invalid("to", "the range " + std::to_string(from) + ".." + std::to_string(to) + " spans more than " +
                             std::to_string(kPanelMaxYears) + " years; ask for a shorter range");
  }
  if (options.nations.size() > kPanelMaxNations) {
    return invalid("nations", "at most " + std::to_string(kPanelMaxNations) + " nations may be asked, not " +
                                  std::to_string(options.nations.size()));
  }
  return Status::ok();
}

Result<std::vector<std::string>> chosen_nations(const Registry& registry, const PanelOptions& options) {
  std::vector<std::string> codes;
  if (options.nations.empty()) {
    for (const Nation& nation : registry.dataset().nations) codes.push_back(nation.iso3);
  } else {
    for (const std::string& code : options.nations) {
      if (registry.find_nation(code) == nullptr) {
        return Status(ErrorCode::kUnknownNation,
                      "nations: no nation with code '" + code + "'; use ISO 3166-1 alpha-3 codes such as FRA",
                      "nations");
      }
      codes.push_back(code);
    }
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  if (codes.size() > kPanelMaxNations) {
    return invalid("nations", "at most " + std::to_string(kPanelMaxNations) + " nations may be in the panel, not " +
                                  std::to_string(codes.size()) + "; choose some with nations");
  }
  return codes;
}

bool covered(const Dataset& dataset, std::string_view word, int year) {
  return std::any_of(dataset.coverage.begin(), dataset.coverage.end(), [&](const DatasetCoverage& coverage) {
    return coverage.dataset == word && coverage.covers_year(year);
  });
}

// Builds the index of `nations` over from..to.
std::shared_ptr<PanelIndex> build_index(const Registry& registry, std::vector<std::string> nations, int from, int to) {
  const Dataset& dataset = registry.dataset();
  auto index = std::make_shared<PanelIndex>();
  index->from = from;
  index->to = to;
  index->nations = std::move(nations);
  const std::size_t nation_count = index->nations.size();

  for (const Organisation& organisation : dataset.organisations) index->organisations.push_back(organisation.id);
  std::sort(index->organisations.begin(), index->organisations.end());
  index->organisation_words = std::max<std::size_t>(1, words_for(index->organisations.size()));

  // Organisation bit of every organisation row, nation position of every nation code.
  std::unordered_map<std::string_view, std::size_t> organisation_bit;
  for (std::size_t bit = 0; bit < index->organisations.size(); ++bit) organisation_bit[index->organisations[bit]] = bit;
  std::unordered_map<std::string_view, std::size_t> nation_at;
  for (std::size_t n = 0; n < nation_count; ++n) nation_at[index->nations[n]] = n;
  const auto nation_of = [&](std::string_view code) {
    const auto found = nation_at.find(code);
    return found == nation_at.end() ? std::string::npos : found->second;
  };
  std::unordered_map<std::string_view, const Framework*> framework_by_id;
  for (const Framework& framework : dataset.frameworks) framework_by_id[framework.id] = &framework;
  std::unordered_map<std::string_view, const Organisation*> organisation_by_id;
  for (const Organisation& organisation : dataset.organisations) organisation_by_id[organisation.id] = &organisation;

  // Alliances: their levels per nation, and their members without an organisation.
  std::vector<const Alliance*> alliances;
  for (const Alliance& alliance : dataset.alliances) alliances.push_back(&alliance);
  std::sort(alliances.begin(), alliances.end(), [](const Alliance* x, const Alliance* y) { return x->id < y->id; });
  std::unordered_map<std::string_view, std::size_t> alliance_at;
  for (std::size_t k = 0; k < alliances.size(); ++k) alliance_at[alliances[k]->id] = k;
  index->alliance_count = alliances.size();
  index->alliance_words = std::max<std::size_t>(1, words_for(alliances.size()));
  index->alliance_levels.assign(alliances.size() * nation_count, Levels{});
  {
    std::vector<Levels> general(alliances.size(), Levels{});
    std::vector<std::pair<std::size_t, const AllianceProvision*>> bound;
    for (const AllianceProvision& provision : dataset.alliance_provisions) {
      const auto alliance = alliance_at.find(provision.alliance);
      if (alliance == alliance_at.end()) continue;
      const auto* column = std::find(kObligations.begin(), kObligations.end(), provision.provision);
      if (column == kObligations.end()) continue;
      const auto level = static_cast<std::uint8_t>(std::clamp(provision.level, 0, 2));
      const auto c = static_cast<std::size_t>(column - kObligations.begin());
      if (provision.applies_to.empty()) {
        general[alliance->second][c] = std::max(general[alliance->second][c], level);
      } else if (const std::size_t n = nation_of(provision.applies_to); n != std::string::npos) {
        Levels& levels = index->alliance_levels[alliance->second * nation_count + n];
        levels[c] = std::max(levels[c], level);
      }
    }
    for (std::size_t k = 0; k < alliances.size(); ++k) {
      for (std::size_t n = 0; n < nation_count; ++n) {
        Levels& levels = index->alliance_levels[k * nation_count + n];
        for (std::size_t c = 0; c < kObligations.size(); ++c) levels[c] = std::max(levels[c], general[k][c]);
      }
    }
  }

  std::unordered_map<std::string_view, std::vector<std::size_t>> exercise_nations;
  for (const ExerciseParticipant& participant : dataset.exercise_participants) {
    if (participant.role != "participant") continue;
    if (const std::size_t n = nation_of(participant.nation); n != std::string::npos) {
      exercise_nations[participant.exercise].push_back(n);
    }
  }
  std::unordered_map<std::string_view, std::vector<std::size_t>> operation_nations;
  for (const OperationParticipant& participant : dataset.participants) {
    if (const std::size_t n = nation_of(participant.nation); n != std::string::npos) {
      operation_nations[participant.operation].push_back(n);
    }
  }

  std::vector<const Nation*> nation_rows(nation_count, nullptr);
  for (std::size_t n = 0; n < nation_count; ++n) nation_rows[n] = registry.find_nation(index->nations[n]);

  const std::size_t org_words = index->organisation_words;
  const std::size_t alliance_words = index->alliance_words;
  for (int year = from; year <= to; ++year) {
    PanelIndex::Year& y = index->years.emplace_back();
    y.year = year;
    y.prefix = std::to_string(year) + ",";
    y.memberships = covered(dataset, "memberships", year);
    y.partnerships = covered(dataset, "partnerships", year);
    y.provisions = covered(dataset, "alliance-provisions", year);
    y.exercises = covered(dataset, "exercises", year);
    y.operations = covered(dataset, "operations", year);

    const Date january_first = Date::from_ymd(year, 1, 1);
    const Date december_last = Date::from_ymd(year, 12, 31);
    y.exists.assign(nation_count, 0);
    y.first_day.assign(nation_count, 0);
    y.last_day.assign(nation_count, 0);
    y.slot.assign(nation_count, 0);
    std::vector<std::int32_t> days;
    for (std::size_t n = 0; n < nation_count; ++n) {
      const Nation& nation = *nation_rows[n];
      const Date first = nation.from ? std::max(*nation.from, january_first) : january_first;
      const Date last = nation.to ? std::min(nation.to->add_days(-1), december_last) : december_last;
      if (first > last) continue;
      y.exists[n] = 1;
      y.first_day[n] = first.days();
      y.last_day[n] = last.days();
      days.push_back(last.days());
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    y.slots = std::max<std::size_t>(1, days.size());
    for (std::size_t n = 0; n < nation_count; ++n) {
      if (y.exists[n] == 0) continue;
      y.slot[n] = static_cast<std::uint32_t>(std::lower_bound(days.begin(), days.end(), y.last_day[n]) - days.begin());
    }

    y.members.assign(y.slots * nation_count * org_words, 0);
    y.partners.assign(y.slots * nation_count * org_words, 0);
    y.alliances.assign(y.slots * nation_count * alliance_words, 0);
    for (std::size_t s = 0; s < days.size(); ++s) {
      const Date day = Date::from_days(days[s]);
      const auto members = [&](std::size_t n) { return y.members.data() + (s * nation_count + n) * org_words; };
      for (const Membership& membership : dataset.memberships) {
        if (membership.status != MembershipStatus::kMember || !membership.period.contains(day)) continue;
        const auto organisation = organisation_by_id.find(membership.organisation);
        if (organisation == organisation_by_id.end() || !organisation->second->exists_on(day)) continue;
        const std::size_t n = nation_of(membership.nation);
        if (n == std::string::npos) continue;
        set_bit(members(n), organisation_bit[membership.organisation]);
      }
      for (const Partnership& partnership : dataset.partnerships) {
        if (partnership.status != PartnershipStatus::kActive || !partnership.period.contains(day)) continue;
        const auto framework = framework_by_id.find(partnership.framework);
        if (framework == framework_by_id.end()) continue;
        const Framework& launched = *framework->second;
        if (day < launched.launched || (launched.ended && !(day < *launched.ended))) continue;
        const auto bit = organisation_bit.find(launched.organisation);
        const std::size_t n = nation_of(partnership.nation);
        if (bit == organisation_bit.end() || n == std::string::npos) continue;
        set_bit(y.partners.data() + (s * nation_count + n) * org_words, bit->second);
      }
      for (std::size_t k = 0; k < alliances.size(); ++k) {
        const Alliance& alliance = *alliances[k];
        if (!alliance.in_force_on(day) || alliance.organisation.empty()) continue;
        const auto bit = organisation_bit.find(alliance.organisation);
        if (bit == organisation_bit.end()) continue;
        for (std::size_t n = 0; n < nation_count; ++n) {
          if (test_bit(members(n), bit->second)) {
            set_bit(y.alliances.data() + (s * nation_count + n) * alliance_words, k);
          }
        }
      }
      for (const AllianceMember& member : dataset.alliance_members) {
        const auto k = alliance_at.find(member.alliance);
        if (k == alliance_at.end() || !alliances[k->second]->organisation.empty()) continue;
        if (!alliances[k->second]->in_force_on(day) || !member.period.contains(day)) continue;
        const std::size_t n = nation_of(member.nation);
        if (n == std::string::npos) continue;
        set_bit(y.alliances.data() + (s * nation_count + n) * alliance_words, k->second);
      }
    }

    // Exercises held (in part) during the year, operations active during it.
    std::vector<const std::vector<std::size_t>*> held;
    for (const Exercise& exercise : dataset.exercises) {
      if (exercise.start > december_last || exercise.end < january_first) continue;
      const auto found = exercise_nations.find(exercise.id);
      if (found != exercise_nations.end()) held.push_back(&found->second);
    }
    y.exercise_words = std::max<std::size_t>(1, words_for(held.size()));
    y.exercises_taken.assign(nation_count * y.exercise_words, 0);
    for (std::size_t e = 0; e < held.size(); ++e) {
      for (const std::size_t n : *held[e]) set_bit(y.exercises_taken.data() + n * y.exercise_words, e);
    }
    std::vector<const std::vector<std::size_t>*> active;
    for (const Operation& operation : dataset.operations) {
      if (!operation.period.overlaps(Interval{january_first, december_last.add_days(1)})) continue;
      const auto found = operation_nations.find(operation.id);
      if (found != operation_nations.end()) active.push_back(&found->second);
    }
    y.operation_words = std::max<std::size_t>(1, words_for(active.size()));
    y.operations_taken.assign(nation_count * y.operation_words, 0);
    for (std::size_t o = 0; o < active.size(); ++o) {
      for (const std::size_t n : *active[o]) set_bit(y.operations_taken.data() + n * y.operation_words, o);
    }

    for (std::size_t a = 0; a < nation_count; ++a) {
      if (y.exists[a] == 0) continue;
      for (std::size_t b = 0; b < nation_count; ++b) {
        if (b == a || y.exists[b] == 0) continue;
        if (std::max(y.first_day[a], y.first_day[b]) <= std::min(y.last_day[a], y.last_day[b])) ++index->rows;
      }
    }
  }

  std::size_t longest_code = 0;
  for (const std::string& code : index->nations) longest_code = std::max(longest_code, code.size());
  std::size_t all_ids = 0;
  for (const std::string& id : index->organisations) all_ids += id.size() + 1;
  // year, codes, the two lists, eleven separators and seven numbers of at most 20 digits.
  index->max_row_bytes = 16 + 2 * longest_code + 2 * all_ids + 12 + std::size_t{7} * 20;
  return index;
}

char* put(char* out, std::string_view text) {
  std::copy(text.begin(), text.end(), out);
  return out + text.size();
}

char* put_number(char* out, std::size_t value) {
  if (value < 10) {
    *out = static_cast<char>('0' + value);
    return out + 1;
  }
  return std::to_chars(out, out + 20, value).ptr;
}

// The organisation ids of the set bits of `x & y`, joined by ';'.
char* put_ids(char* out, const Word* x, const Word* y, std::size_t words, const std::vector<std::string>& ids) {
  bool first = true;
  for (std::size_t w = 0; w < words; ++w) {
    Word both = x[w] & y[w];
    while (both != 0) {
      const auto bit = static_cast<std::size_t>(std::countr_zero(both));
      both &= both - 1;
      if (!first) *out++ = ';';
      first = false;
      out = put(out, ids[w * kWordBits + bit]);
    }
  }
  return out;
}

std::size_t shared_count(const Word* x, const Word* y, std::size_t words) {
  std::size_t count = 0;
  for (std::size_t w = 0; w < words; ++w) count += static_cast<std::size_t>(std::popcount(x[w] & y[w]));
  return count;
}

}  // namespace

struct PanelCursor::State {
  std::shared_ptr<const PanelIndex> index;
  PanelEncoding encoding = PanelEncoding::kIdentity;
  std::optional<GzipStream> gzip;
  std::string csv;  // the CSV of a gzip chunk before it is encoded
  bool header_written = false;
  bool rows_done = false;
  bool finished = false;
  std::size_t year = 0;  // position of the next row: index->years[year], nations a and b
  std::size_t a = 0;
  std::size_t b = 0;
  std::int64_t rows = 0;

  // Appends rows to `out` until it holds at least kPanelChunkBytes or the rows end.
  void write_rows(std::string& out);
};

void PanelCursor::State::write_rows(std::string& out) {
  const PanelIndex& ix = *index;
  const std::size_t used = out.size();
  out.resize(std::max(used, kPanelChunkBytes) + ix.max_row_bytes + kPanelCsvHeader.size() + 1);
  char* const base = out.data();
  char* cursor = base + used;
  const char* const limit = base + kPanelChunkBytes;
  if (!header_written) {
    cursor = put(cursor, kPanelCsvHeader);
    *cursor++ = '\n';
    header_written = true;
  }
  const std::size_t nation_count = ix.nation_count();
  const std::size_t org_words = ix.organisation_words;
  const std::size_t alliance_words = ix.alliance_words;
  while (!rows_done && cursor < limit) {
    if (year >= ix.years.size()) {
      rows_done = true;
      break;
    }
    const PanelIndex::Year& y = ix.years[year];
    if (a >= nation_count) {
      ++year;
      a = 0;
      b = 0;
      continue;
    }
    if (y.exists[a] == 0 || b >= nation_count) {
      ++a;
      b = 0;
      continue;
    }
    const std::string& a_code = ix.nations[a];
    const std::size_t a_slot = y.slot[a];
    const Word* a_exercises = y.exercises_taken.data() + a * y.exercise_words;
    const Word* a_operations = y.operations_taken.data() + a * y.operation_words;
    for (; b < nation_count && cursor < limit; ++b) {
      if (b == a || y.exists[b] == 0) continue;
      if (std::max(y.first_day[a], y.first_day[b]) > std::min(y.last_day[a], y.last_day[b])) continue;
      const std::size_t slot = std::min<std::size_t>(a_slot, y.slot[b]);
      cursor = put(cursor, y.prefix);
      cursor = put(cursor, a_code);
      *cursor++ = ',';
      cursor = put(cursor, ix.nations[b]);
      *cursor++ = ',';
      const Word* a_members = ix.members_of(y, slot, a);
      const Word* b_members = ix.members_of(y, slot, b);
      if (y.memberships) {
        cursor = put_number(cursor, shared_count(a_members, b_members, org_words));
        *cursor++ = ',';
        cursor = put_ids(cursor, a_members, b_members, org_words, ix.organisations);
        *cursor++ = ',';
      } else {
        cursor = put(cursor, ",,");
      }
      if (y.partnerships && y.memberships) {
        cursor = put_ids(cursor, ix.partners_of(y, slot, a), b_members, org_words, ix.organisations);
      }
      *cursor++ = ',';
      if (y.provisions) {
        Levels levels{};
        const Word* a_alliances = ix.alliances_of(y, slot, a);
        const Word* b_alliances = ix.alliances_of(y, slot, b);
        for (std::size_t w = 0; w < alliance_words; ++w) {
          Word both = a_alliances[w] & b_alliances[w];
          while (both != 0) {
            const std::size_t k = w * kWordBits + static_cast<std::size_t>(std::countr_zero(both));
            both &= both - 1;
            const Levels& bound = ix.alliance_levels[k * nation_count + a];
            for (std::size_t c = 0; c < levels.size(); ++c) levels[c] = std::max(levels[c], bound[c]);
          }
        }
        for (const std::uint8_t level : levels) {
          *cursor++ = static_cast<char>('0' + level);
          *cursor++ = ',';
        }
      } else {
        cursor = put(cursor, ",,,,,");
      }
      if (y.exercises) {
        cursor = put_number(
            cursor, shared_count(a_exercises, y.exercises_taken.data() + b * y.exercise_words, y.exercise_words));
      }
      *cursor++ = ',';
      if (y.operations) {
        cursor = put_number(
            cursor, shared_count(a_operations, y.operations_taken.data() + b * y.operation_words, y.operation_words));
      }
      *cursor++ = '\n';
      ++rows;
    }
  }
  out.resize(static_cast<std::size_t>(cursor - base));
}

PanelCursor::PanelCursor(std::shared_ptr<const PanelIndex> index, PanelEncoding encoding)
    : state_(std::make_unique<State>()) {
  state_->index = std::move(index);
  state_->encoding = encoding;
  if (encoding == PanelEncoding::kGzip) state_->gzip.emplace(kPanelGzipLevel);
}

PanelCursor::~PanelCursor() = default;
PanelCursor::PanelCursor(PanelCursor&&) noexcept = default;
PanelCursor& PanelCursor::operator=(PanelCursor&&) noexcept = default;

std::int64_t PanelCursor::rows_written() const { return state_ ? state_->rows : 0; }

bool PanelCursor::next(std::string& chunk) {
  chunk.clear();
  if (!state_ || state_->finished) return false;
  State& state = *state_;
  if (state.encoding == PanelEncoding::kIdentity) {
    state.write_rows(chunk);
    state.finished = chunk.empty();
    return !state.finished;
  }
  // gzip: encode CSV chunks until zlib releases some bytes, or everything has been encoded.
  while (chunk.empty()) {
    if (state.rows_done) {
      state.gzip->finish(chunk);
      state.finished = true;
      return !chunk.empty();
    }
    state.csv.clear();
    state.write_rows(state.csv);
    state.gzip->feed(state.csv, chunk);
  }
  return true;
}

Result<DyadYearPanel> DyadYearPanel::prepare(const Registry& registry, const PanelOptions& options, int this_year) {
  int from = 0;
  int to = 0;
  if (Status status = validate(options, this_year, from, to); !status) return status;
  Result<std::vector<std::string>> nations = chosen_nations(registry, options);
  if (!nations) return nations.status();
  return DyadYearPanel(build_index(registry, std::move(*nations), from, to));
}

int DyadYearPanel::from() const { return index_->from; }
int DyadYearPanel::to() const { return index_->to; }
const std::vector<std::string>& DyadYearPanel::nations() const { return index_->nations; }
std::int64_t DyadYearPanel::row_count() const { return index_->rows; }

PanelCursor DyadYearPanel::cursor(PanelEncoding encoding) const { return PanelCursor(index_, encoding); }

namespace {

Status reader_stopped() { return {ErrorCode::kCancelled, "the panel's reader stopped before its end"}; }

}  // namespace

Status DyadYearPanel::write_csv(const PanelSink& sink, PanelEncoding encoding) const {
  PanelCursor rows = cursor();
  if (encoding == PanelEncoding::kIdentity) {
    std::string chunk;
    while (rows.next(chunk)) {
      if (!sink(chunk)) return reader_stopped();
    }
    return Status::ok();
  }
  // Compressing takes four times as long as writing the CSV: it runs on every core.
  bool sink_stopped = false;
  const bool written = gzip_in_parallel([&rows](std::string& chunk) { return rows.next(chunk); },
                                        [&](std::string_view chunk) {
                                          sink_stopped = !sink(chunk);
                                          return !sink_stopped;
                                        },
                                        kPanelGzipLevel, std::max(1U, std::thread::hardware_concurrency()));
  if (sink_stopped) return reader_stopped();
  if (!written) return {ErrorCode::kInternal, "the panel could not be compressed (out of memory?)"};
  return Status::ok();
}

std::string DyadYearPanel::to_csv() const {
  std::string csv;
  PanelCursor rows = cursor();
  std::string chunk;
  while (rows.next(chunk)) csv += chunk;
  return csv;
}

boost::json::value to_json(const DyadYearPanel& panel) {
  const PanelIndex& index = *panel.index();
  boost::json::array nations;
  for (const std::string& code : index.nations) nations.emplace_back(code);
  struct Column {
    std::string_view name;
    std::string_view dataset;
    bool PanelIndex::Year::*covered;
  };
  const std::array<Column, 10> columns{{
      {"shared_memberships", "memberships", &PanelIndex::Year::memberships},
      {"shared_organisations", "memberships", &PanelIndex::Year::memberships},
      {"a_partner_of_b_organisations", "partnerships", &PanelIndex::Year::partnerships},
      {"defense", "alliance-provisions", &PanelIndex::Year::provisions},
      {"offense", "alliance-provisions", &PanelIndex::Year::provisions},
      {"neutrality", "alliance-provisions", &PanelIndex::Year::provisions},
      {"nonaggression", "alliance-provisions", &PanelIndex::Year::provisions},
      {"consultation", "alliance-provisions", &PanelIndex::Year::provisions},
      {"shared_exercises", "exercises", &PanelIndex::Year::exercises},
      {"shared_operations", "operations", &PanelIndex::Year::operations},
  }};
  boost::json::array described;
  for (const Column& column : columns) {
    boost::json::array missing;
    for (const PanelIndex::Year& year : index.years) {
      // a_partner_of_b needs b's memberships too.
      const bool present =
          year.*column.covered && (column.covered != &PanelIndex::Year::partnerships || year.memberships);
      if (!present) missing.emplace_back(year.year);
    }
    described.emplace_back(
        boost::json::object{{"name", column.name}, {"dataset", column.dataset}, {"missing_years", std::move(missing)}});
  }
  return boost::json::object{{"from", index.from},        {"to", index.to},
                             {"rows", index.rows},        {"nations", std::move(nations)},
                             {"header", kPanelCsvHeader}, {"columns", std::move(described)}};
}

}  // namespace entente
