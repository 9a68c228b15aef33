#include "analytics/network.hpp"

#include <igraph.h>

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>
#include <set>
#include <tuple>
#include <utility>

#include "core/csv.hpp"

namespace entente {
namespace {

constexpr std::array<EdgeType, kEdgeTypeCount> kEdgeTypes{EdgeType::kMembership, EdgeType::kPartnership,
                                                          EdgeType::kExercise, EdgeType::kOperation};

// Two eigenvalues of components this close (relative to the largest) are equal: the
// components share the top eigenspace.
constexpr double kEigenvalueTolerance = 1e-9;

Status invalid(const std::string& field, const std::string& message) {
  return {ErrorCode::kInvalidArgument, field + ": " + message, field};
}

// The shortest text that reads back as `value`.
std::string number_text(double value) {
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc()) return "0";
  return {buffer.data(), end};
}

// The day `years` years before `day` (28 February for 29 February of a year without one).
Date years_before(Date day, int years) {
  using std::chrono::sys_days;
  const std::chrono::year_month_day date{sys_days{std::chrono::days{day.days()}}};
  std::chrono::year_month_day earlier = date - std::chrono::years{years};
  if (!earlier.ok()) earlier = earlier.year() / earlier.month() / std::chrono::last;
  return Date::from_days(static_cast<std::int32_t>(sys_days{earlier}.time_since_epoch().count()));
}

// ---------------------------------------------------------------- options

Status check_day(const std::string& field, Date day) {
  const Date first = Date::from_ymd(kNetworkMinYear, 1, 1);
  const Date last = Date::from_ymd(kNetworkMaxYear, 12, 31);
  if (day < first) return invalid(field, day.to_string() + " is before " + first.to_string());
  if (day > last) return invalid(field, day.to_string() + " is after " + last.to_string());
  return Status::ok();
}

Result<EdgeWeights> checked_weights(const NetworkOptions& options) {
  EdgeWeights weights;
  for (const auto& [name, weight] : options.weights) {
    const std::optional<EdgeType> type = parse_edge_type(name);
    if (!type) {
      return invalid("weights",
                     "unknown edge type '" + name + "'; expected membership, partnership, exercise or operation");
    }
    if (!std::isfinite(weight) || weight < 0) {
      return invalid("weights", "the weight of " + name + " must be a finite number >= 0, not " + number_text(weight));
    }
    weights.set(*type, weight);
  }
  return weights;
}

Status check_options(const Registry& registry, const NetworkOptions& options) {
  if (const Result<EdgeWeights> weights = checked_weights(options); !weights) return weights.status();
  if (options.window_years < 0 || options.window_years > kNetworkMaxWindowYears) {
    return invalid("window_years", std::to_string(options.window_years) + " is outside 0.." +
                                       std::to_string(kNetworkMaxWindowYears) + " years");
  }
  if (options.nations.size() > kNetworkMaxNations) {
    return invalid("nations", std::to_string(options.nations.size()) + " codes given; at most " +
                                  std::to_string(kNetworkMaxNations) + " are allowed");
  }
  for (const std::string& code : options.nations) {
    if (registry.find_nation(code) == nullptr) {
      return Status(ErrorCode::kUnknownNation, "nations: no nation with code '" + code + "'", "nations");
    }
  }
  return Status::ok();
}

// ---------------------------------------------------------------- the graph

// The registry's rows grouped for building networks on many days: built once per series.
class NetworkSource {
 public:
  explicit NetworkSource(const Registry& registry) {
    const Dataset& data = registry.dataset();
    for (const Nation& nation : data.nations) nations_.push_back(&nation);
    std::sort(nations_.begin(), nations_.end(), [](const Nation* x, const Nation* y) { return x->iso3 < y->iso3; });
    for (std::size_t i = 0; i < nations_.size(); ++i) nation_index_.emplace(nations_[i]->iso3, i);

    for (const Membership& row : data.memberships) {
      if (row.status == MembershipStatus::kMember) memberships_[row.organisation].push_back(&row);
    }
    for (const Partnership& row : data.partnerships) {
      if (row.status == PartnershipStatus::kActive) partnerships_[row.framework].push_back(&row);
    }
    for (const Framework& framework : data.frameworks) framework_organisation_[framework.id] = framework.organisation;
    for (const Exercise& exercise : data.exercises) exercises_[exercise.id].exercise = &exercise;
    for (const ExerciseParticipant& row : data.exercise_participants) {
      if (row.role == "participant") exercises_[row.exercise].nations.push_back(row.nation);
    }
    for (const Operation& operation : data.operations) operations_[operation.id].operation = &operation;
    for (const OperationParticipant& row : data.participants) operations_[row.operation].nations.push_back(row.nation);
  }

  // The network on `day` before its metrics; `weights` checked.
  Network build(const NetworkOptions& options, const EdgeWeights& weights, Date day) const {
    Network network;
    network.as_of = day;
    network.weights = weights;
    network.window_years = options.window_years;

    // Nodes: position of each nation (index into nations_) among the nodes, or -1.
    std::vector<int> node_of(nations_.size(), -1);
    std::vector<bool> chosen(nations_.size(), options.nations.empty());
    for (const std::string& code : options.nations) {
      if (const auto found = nation_index_.find(code); found != nation_index_.end()) chosen[found->second] = true;
    }
    for (std::size_t i = 0; i < nations_.size(); ++i) {
      if (!chosen[i] || !nations_[i]->exists_on(day)) continue;
      node_of[i] = static_cast<int>(network.nodes.size());
      network.nodes.push_back(NetworkNode{nations_[i]->iso3, nations_[i]->name});
    }

    std::map<std::pair<int, int>, NetworkEdge> edges;
    // The nodes among `codes`, sorted, each once.
    const auto nodes_among = [&](const std::vector<std::string>& codes) {
      std::vector<int> nodes;
      for (const std::string& code : codes) {
        const auto found = nation_index_.find(code);
        if (found != nation_index_.end() && node_of[found->second] >= 0) nodes.push_back(node_of[found->second]);
      }
      std::sort(nodes.begin(), nodes.end());
      nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
      return nodes;
    };
    const auto edge = [&](int x, int y) -> NetworkEdge& { return edges[{std::min(x, y), std::max(x, y)}]; };
    const auto tie_every_pair = [&](const std::vector<int>& nodes, std::vector<std::string> EdgeTies::*list,
                                    const std::string& id) {
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        for (std::size_t j = i + 1; j < nodes.size(); ++j) (edge(nodes[i], nodes[j]).ties.*list).push_back(id);
      }
    };

    // Members of each organisation on the day, kept for the ally-partner ties.
    std::map<std::string, std::vector<int>, std::less<>> members;
    if (weights.membership > 0 || weights.partnership > 0) {
      for (const auto& [organisation, rows] : memberships_) {
        std::vector<std::string> codes;
        for (const Membership* row : rows) {
          if (row->period.contains(day)) codes.push_back(row->nation);
        }
        members[organisation] = nodes_among(codes);
      }
    }
    if (weights.membership > 0) {
      for (const auto& [organisation, nodes] : members) tie_every_pair(nodes, &EdgeTies::organisations, organisation);
    }
    if (weights.partnership > 0) {
      std::map<std::string, std::vector<int>, std::less<>> partners_of_organisation;
      for (const auto& [framework, rows] : partnerships_) {
        std::vector<std::string> codes;
        for (const Partnership* row : rows) {
          if (row->period.contains(day)) codes.push_back(row->nation);
        }
        const std::vector<int> nodes = nodes_among(codes);
        tie_every_pair(nodes, &EdgeTies::frameworks, framework);
        if (const auto owner = framework_organisation_.find(framework); owner != framework_organisation_.end()) {
          std::vector<int>& partners = partners_of_organisation[owner->second];
          partners.insert(partners.end(), nodes.begin(), nodes.end());
        }
      }
      for (auto& [organisation, partners] : partners_of_organisation) {
        const auto allies = members.find(organisation);
        if (allies == members.end()) continue;
        std::set<std::pair<int, int>> pairs;  // each pairing once per organisation
        for (const int ally : allies->second) {
          for (const int partner : partners) {
            if (ally != partner) pairs.emplace(std::min(ally, partner), std::max(ally, partner));
          }
        }
        for (const auto& [x, y] : pairs) edge(x, y).ties.ally_partner.push_back(organisation);
      }
    }
    const Date window_start = years_before(day, options.window_years);
    if (weights.exercise > 0) {
      for (const auto& [id, group] : exercises_) {
        if (group.exercise == nullptr || group.exercise->start > day || group.exercise->end < window_start) continue;
        tie_every_pair(nodes_among(group.nations), &EdgeTies::exercises, id);
      }
    }
    if (weights.operation > 0) {
      for (const auto& [id, group] : operations_) {
        const Operation* operation = group.operation;
        if (operation == nullptr || operation->period.from > day) continue;
        if (operation->period.to && *operation->period.to <= window_start) continue;
        tie_every_pair(nodes_among(group.nations), &EdgeTies::operations, id);
      }
    }

    for (auto& [pair, found] : edges) {
      found.a = network.nodes[static_cast<std::size_t>(pair.first)].iso3;
      found.b = network.nodes[static_cast<std::size_t>(pair.second)].iso3;
      found.membership = static_cast<int>(found.ties.organisations.size());
      found.partnership = static_cast<int>(found.ties.frameworks.size() + found.ties.ally_partner.size());
      found.exercise = static_cast<int>(found.ties.exercises.size());
      found.operation = static_cast<int>(found.ties.operations.size());
      found.weight = 0;
      for (const EdgeType type : kEdgeTypes) found.weight += weights.of(type) * found.count(type);
      if (found.weight > 0) network.edges.push_back(std::move(found));
    }
    return network;
  }

 private:
  struct Group {
    std::vector<std::string> nations;
  };
  struct ExerciseGroup : Group {
    const Exercise* exercise = nullptr;
  };
  struct OperationGroup : Group {
    const Operation* operation = nullptr;
  };

  std::vector<const Nation*> nations_;  // sorted by iso3
  std::map<std::string, std::size_t, std::less<>> nation_index_;
  std::map<std::string, std::vector<const Membership*>, std::less<>> memberships_;    // status member
  std::map<std::string, std::vector<const Partnership*>, std::less<>> partnerships_;  // status active
  std::map<std::string, std::string, std::less<>> framework_organisation_;
  std::map<std::string, ExerciseGroup, std::less<>> exercises_;
  std::map<std::string, OperationGroup, std::less<>> operations_;
};

// ---------------------------------------------------------------- igraph

// igraph 0.10 as Debian builds it is not thread-safe (IGRAPH_THREAD_SAFE is 0): its error
// handlers, its stack of objects to free on error and its default random generator are
// process-wide. Every use of igraph here holds this lock, with errors reported as codes and
// warnings dropped, and a generator of its own seeded with kNetworkSeed.
class IgraphSession {
 public:
  IgraphSession() : lock_(mutex()) {
    previous_error_ = igraph_set_error_handler(igraph_error_handler_ignore);
    previous_warning_ = igraph_set_warning_handler(igraph_warning_handler_ignore);
    igraph_rng_init(&rng_, &igraph_rngtype_mt19937);
    igraph_rng_seed(&rng_, kNetworkSeed);
    previous_rng_ = igraph_rng_default();
    igraph_rng_set_default(&rng_);
  }
  ~IgraphSession() {
    igraph_rng_set_default(previous_rng_);
    igraph_rng_destroy(&rng_);
    igraph_set_warning_handler(previous_warning_);
    igraph_set_error_handler(previous_error_);
  }
  IgraphSession(const IgraphSession&) = delete;
  IgraphSession& operator=(const IgraphSession&) = delete;
  IgraphSession(IgraphSession&&) = delete;
  IgraphSession& operator=(IgraphSession&&) = delete;

 private:
  static std::mutex& mutex() {
    static std::mutex lock;
    return lock;
  }
  std::lock_guard<std::mutex> lock_;
  igraph_error_handler_t* previous_error_ = nullptr;
  igraph_warning_handler_t* previous_warning_ = nullptr;
  igraph_rng_t rng_{};
  igraph_rng_t* previous_rng_ = nullptr;
};

// An undirected igraph graph with its edge weights, freed on scope exit.
class Graph {
 public:
  Graph(igraph_integer_t nodes, const std::vector<std::pair<igraph_integer_t, igraph_integer_t>>& edges,
        const std::vector<double>& weights) {
    igraph_vector_int_t ends;
    igraph_vector_int_init(&ends, static_cast<igraph_integer_t>(2 * edges.size()));
    for (std::size_t i = 0; i < edges.size(); ++i) {
      VECTOR(ends)[2 * i] = edges[i].first;
      VECTOR(ends)[2 * i + 1] = edges[i].second;
    }
    ok_ = igraph_create(&graph_, &ends, nodes, IGRAPH_UNDIRECTED) == IGRAPH_SUCCESS;
    igraph_vector_int_destroy(&ends);
    igraph_vector_init(&weights_, static_cast<igraph_integer_t>(weights.size()));
    for (std::size_t i = 0; i < weights.size(); ++i) VECTOR(weights_)[i] = weights[i];
  }
  ~Graph() {
    if (ok_) igraph_destroy(&graph_);
    igraph_vector_destroy(&weights_);
  }
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  Graph(Graph&&) = delete;
  Graph& operator=(Graph&&) = delete;

  bool ok() const { return ok_; }
  const igraph_t* graph() const { return &graph_; }
  const igraph_vector_t* weights() const { return &weights_; }

 private:
  igraph_t graph_{};
  igraph_vector_t weights_{};
  bool ok_ = false;
};

// A real vector freed on scope exit.
class RealVector {
 public:
  RealVector() { igraph_vector_init(&vector_, 0); }
  ~RealVector() { igraph_vector_destroy(&vector_); }
  RealVector(const RealVector&) = delete;
  RealVector& operator=(const RealVector&) = delete;
  RealVector(RealVector&&) = delete;
  RealVector& operator=(RealVector&&) = delete;
  igraph_vector_t* get() { return &vector_; }
  double operator[](std::size_t i) const { return VECTOR(vector_)[i]; }

 private:
  igraph_vector_t vector_{};
};

class IntVector {
 public:
  IntVector() { igraph_vector_int_init(&vector_, 0); }
  ~IntVector() { igraph_vector_int_destroy(&vector_); }
  IntVector(const IntVector&) = delete;
  IntVector& operator=(const IntVector&) = delete;
  IntVector(IntVector&&) = delete;
  IntVector& operator=(IntVector&&) = delete;
  igraph_vector_int_t* get() { return &vector_; }
  const igraph_vector_int_t* get() const { return &vector_; }
  igraph_integer_t operator[](std::size_t i) const { return VECTOR(vector_)[i]; }

 private:
  igraph_vector_int_t vector_{};
};

Status igraph_failed(const char* what, igraph_error_t code) {
  return {ErrorCode::kInternal, std::string("network metrics: igraph ") + what + " failed: " + igraph_strerror(code)};
}

// The eigenvector centrality of every node (see network.hpp): per connected component, the
// top eigenpair of its weighted adjacency; the uniform vector projected onto the span of the
// components whose eigenvalue is the largest.
Result<std::vector<double>> eigenvector_centrality(
    std::size_t node_count, const std::vector<std::pair<igraph_integer_t, igraph_integer_t>>& edges,
    const std::vector<double>& weights, const IntVector& component, igraph_integer_t component_count) {
  const auto components = static_cast<std::size_t>(component_count);
  std::vector<std::vector<igraph_integer_t>> members(components);
  std::vector<igraph_integer_t> local(node_count);
  for (std::size_t node = 0; node < node_count; ++node) {
    std::vector<igraph_integer_t>& list = members[static_cast<std::size_t>(component[node])];
    local[node] = static_cast<igraph_integer_t>(list.size());
    list.push_back(static_cast<igraph_integer_t>(node));
  }
  std::vector<std::vector<std::pair<igraph_integer_t, igraph_integer_t>>> component_edges(components);
  std::vector<std::vector<double>> component_weights(components);
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const auto [x, y] = edges[i];
    const auto at = static_cast<std::size_t>(component[static_cast<std::size_t>(x)]);
    component_edges[at].emplace_back(local[static_cast<std::size_t>(x)], local[static_cast<std::size_t>(y)]);
    component_weights[at].push_back(weights[i]);
  }

  std::vector<double> eigenvalue(components, 0);
  std::vector<std::vector<double>> vectors(components);  // unit norm, non-negative
  for (std::size_t c = 0; c < components; ++c) {
    const std::size_t size = members[c].size();
    if (component_edges[c].empty()) {
      vectors[c].assign(size, 1.0 / std::sqrt(static_cast<double>(size)));
      continue;
    }
    const Graph graph(static_cast<igraph_integer_t>(size), component_edges[c], component_weights[c]);
    if (!graph.ok()) return igraph_failed("graph", IGRAPH_FAILURE);
    RealVector scores;
    igraph_arpack_options_t arpack;
    igraph_arpack_options_init(&arpack);
    double value = 0;
    const igraph_error_t code = igraph_eigenvector_centrality(graph.graph(), scores.get(), &value, IGRAPH_UNDIRECTED,
                                                              /*scale=*/true, graph.weights(), &arpack);
    if (code != IGRAPH_SUCCESS) return igraph_failed("eigenvector_centrality", code);
    double norm = 0;
    for (std::size_t i = 0; i < size; ++i) norm += scores[i] * scores[i];
    norm = std::sqrt(norm);
    vectors[c].resize(size);
    for (std::size_t i = 0; i < size; ++i) vectors[c][i] = std::abs(scores[i]) / norm;
    eigenvalue[c] = value;
  }

  const double largest = components == 0 ? 0 : *std::max_element(eigenvalue.begin(), eigenvalue.end());
  std::vector<double> result(node_count, 0);
  double norm = 0;
  for (std::size_t c = 0; c < components; ++c) {
    if (largest - eigenvalue[c] > kEigenvalueTolerance * std::max(1.0, largest)) continue;
    const double share = std::accumulate(vectors[c].begin(), vectors[c].end(), 0.0);
    for (std::size_t i = 0; i < members[c].size(); ++i) {
      const double score = share * vectors[c][i];
      result[static_cast<std::size_t>(members[c][i])] = score;
      norm += score * score;
    }
  }
  norm = std::sqrt(norm);
  if (norm > 0) {
    for (double& score : result) score /= norm;
  }
  return result;
}

template <typename T>
void sort_unique(std::vector<T>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

boost::json::array string_array(const std::vector<std::string>& items) {
  boost::json::array array;
  for (const std::string& item : items) array.emplace_back(item);
  return array;
}

boost::json::value optional_number(const std::optional<double>& value) {
  if (!value) return nullptr;
  return *value;
}

boost::json::object weights_json(const EdgeWeights& weights) {
  boost::json::object object;
  for (const EdgeType type : kEdgeTypes) object[to_string(type)] = weights.of(type);
  return object;
}

boost::json::object node_json(const NetworkNode& node) {
  return {{"iso3", node.iso3},
          {"name", node.name},
          {"degree", node.degree},
          {"strength", node.strength},
          {"betweenness", node.betweenness},
          {"eigenvector", node.eigenvector},
          {"community", node.community}};
}

boost::json::array nodes_json(const Network& network) {
  boost::json::array nodes;
  for (const NetworkNode& node : network.nodes) nodes.emplace_back(node_json(node));
  return nodes;
}

std::string xml_escape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&apos;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

std::string shared_ids(const NetworkEdge& edge) {
  std::string text;
  const auto add = [&](std::string_view type, const std::vector<std::string>& ids, std::string_view suffix) {
    for (const std::string& id : ids) {
      if (!text.empty()) text += ';';
      text.append(type).append(":").append(id).append(suffix);
    }
  };
  add("membership", edge.ties.organisations, "");
  add("partnership", edge.ties.frameworks, "");
  add("partnership", edge.ties.ally_partner, "(ally-partner)");
  add("exercise", edge.ties.exercises, "");
  add("operation", edge.ties.operations, "");
  return text;
}

}  // namespace

std::string_view to_string(EdgeType type) {
  switch (type) {
    case EdgeType::kMembership: return "membership";
    case EdgeType::kPartnership: return "partnership";
    case EdgeType::kExercise: return "exercise";
    case EdgeType::kOperation: return "operation";
  }
  return "membership";
}

std::optional<EdgeType> parse_edge_type(std::string_view text) {
  for (const EdgeType type : kEdgeTypes) {
    if (to_string(type) == text) return type;
  }
  return std::nullopt;
}

double EdgeWeights::of(EdgeType type) const {
  switch (type) {
    case EdgeType::kMembership: return membership;
    case EdgeType::kPartnership: return partnership;
    case EdgeType::kExercise: return exercise;
    case EdgeType::kOperation: return operation;
  }
  return 0;
}

void EdgeWeights::set(EdgeType type, double weight) {
  switch (type) {
    case EdgeType::kMembership: membership = weight; break;
    case EdgeType::kPartnership: partnership = weight; break;
    case EdgeType::kExercise: exercise = weight; break;
    case EdgeType::kOperation: operation = weight; break;
  }
}

int NetworkEdge::count(EdgeType type) const {
  switch (type) {
    case EdgeType::kMembership: return membership;
    case EdgeType::kPartnership: return partnership;
    case EdgeType::kExercise: return exercise;
    case EdgeType::kOperation: return operation;
  }
  return 0;
}

const NetworkNode* Network::find_node(std::string_view iso3) const {
  const auto found = std::lower_bound(nodes.begin(), nodes.end(), iso3,
                                      [](const NetworkNode& node, std::string_view code) { return node.iso3 < code; });
  return found != nodes.end() && found->iso3 == iso3 ? &*found : nullptr;
}

Status compute_network_metrics(Network& network) {
  const std::size_t node_count = network.nodes.size();
  std::map<std::string_view, igraph_integer_t> index;
  for (std::size_t i = 0; i < node_count; ++i) index.emplace(network.nodes[i].iso3, static_cast<igraph_integer_t>(i));
  std::vector<std::pair<igraph_integer_t, igraph_integer_t>> edges;
  std::vector<double> weights;
  for (const NetworkEdge& edge : network.edges) {
    const auto a = index.find(edge.a);
    const auto b = index.find(edge.b);
    if (a == index.end() || b == index.end() || !(edge.weight > 0)) {
      return {ErrorCode::kInternal, "network metrics: edge " + edge.a + "-" + edge.b + " is not between two nodes"};
    }
    edges.emplace_back(a->second, b->second);
    weights.push_back(edge.weight);
  }
  network.communities.clear();
  network.modularity.reset();
  if (node_count == 0) return Status::ok();

  const IgraphSession session;
  const Graph graph(static_cast<igraph_integer_t>(node_count), edges, weights);
  if (!graph.ok()) return igraph_failed("create", IGRAPH_FAILURE);

  IntVector degree;
  if (const igraph_error_t code =
          igraph_degree(graph.graph(), degree.get(), igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS);
      code != IGRAPH_SUCCESS) {
    return igraph_failed("degree", code);
  }
  RealVector strength;
  if (const igraph_error_t code = igraph_strength(graph.graph(), strength.get(), igraph_vss_all(), IGRAPH_ALL,
                                                  IGRAPH_NO_LOOPS, graph.weights());
      code != IGRAPH_SUCCESS) {
    return igraph_failed("strength", code);
  }
  // igraph counts each unordered pair once; networkx counts it from both ends, then
  // normalises by 1 / ((n - 1)(n - 2)).
  RealVector betweenness;
  if (const igraph_error_t code =
          igraph_betweenness(graph.graph(), betweenness.get(), igraph_vss_all(), IGRAPH_UNDIRECTED, nullptr);
      code != IGRAPH_SUCCESS) {
    return igraph_failed("betweenness", code);
  }
  const double n = static_cast<double>(node_count);
  const double betweenness_scale = node_count > 2 ? 2.0 / ((n - 1) * (n - 2)) : 0.0;

  IntVector component;
  IntVector component_sizes;
  igraph_integer_t component_count = 0;
  if (const igraph_error_t code = igraph_connected_components(graph.graph(), component.get(), component_sizes.get(),
                                                              &component_count, IGRAPH_WEAK);
      code != IGRAPH_SUCCESS) {
    return igraph_failed("connected_components", code);
  }
  Result<std::vector<double>> eigenvector =
      eigenvector_centrality(node_count, edges, weights, component, component_count);
  if (!eigenvector) return eigenvector.status();

  IntVector membership;
  if (edges.empty()) {
    igraph_vector_int_resize(membership.get(), static_cast<igraph_integer_t>(node_count));
    for (std::size_t i = 0; i < node_count; ++i) VECTOR(*membership.get())[i] = static_cast<igraph_integer_t>(i);
  } else {
    if (const igraph_error_t code =
            igraph_community_multilevel(graph.graph(), graph.weights(), 1.0, membership.get(), nullptr, nullptr);
        code != IGRAPH_SUCCESS) {
      return igraph_failed("community_multilevel", code);
    }
    double modularity = 0;
    if (const igraph_error_t code =
            igraph_modularity(graph.graph(), membership.get(), graph.weights(), 1.0, IGRAPH_UNDIRECTED, &modularity);
        code != IGRAPH_SUCCESS) {
      return igraph_failed("modularity", code);
    }
    network.modularity = modularity;
  }

  // Communities renumbered: largest first, then by their first nation's code (the nodes are
  // sorted, so a community's first member is its smallest code).
  std::map<igraph_integer_t, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < node_count; ++i) groups[membership[i]].push_back(i);
  std::vector<std::vector<std::size_t>> ordered;
  ordered.reserve(groups.size());
  for (auto& [id, members] : groups) ordered.push_back(std::move(members));
  std::sort(ordered.begin(), ordered.end(), [](const auto& x, const auto& y) {
    return x.size() != y.size() ? x.size() > y.size() : x.front() < y.front();
  });
  for (std::size_t c = 0; c < ordered.size(); ++c) {
    NetworkCommunity community{static_cast<int>(c), {}};
    for (const std::size_t i : ordered[c]) {
      network.nodes[i].community = static_cast<int>(c);
      community.members.push_back(network.nodes[i].iso3);
    }
    network.communities.push_back(std::move(community));
  }

  for (std::size_t i = 0; i < node_count; ++i) {
    NetworkNode& node = network.nodes[i];
    node.degree = static_cast<int>(degree[i]);
    node.strength = strength[i];
    node.betweenness = betweenness[i] * betweenness_scale;
    node.eigenvector = (*eigenvector)[i];
  }
  return Status::ok();
}

Result<Network> build_network(const Registry& registry, const NetworkOptions& options) {
  if (Status status = check_day("as_of", options.as_of); !status) return status;
  if (Status status = check_options(registry, options); !status) return status;
  const EdgeWeights weights = *checked_weights(options);
  Network network = NetworkSource(registry).build(options, weights, options.as_of);
  if (Status status = compute_network_metrics(network); !status) return status;
  return network;
}

Result<NetworkSeries> build_network_series(const Registry& registry, const NetworkSeriesOptions& options, Date today) {
  for (const auto& [field, year] : {std::pair<const char*, int>{"from", options.from}, {"to", options.to}}) {
    if (year < kNetworkMinYear) {
      return invalid(field, "year " + std::to_string(year) + " is before " + std::to_string(kNetworkMinYear));
    }
    if (year > kNetworkMaxYear) {
      return invalid(field, "year " + std::to_string(year) + " is after " + std::to_string(kNetworkMaxYear));
    }
  }
  if (options.from > options.to) {
    return invalid("to",
                   "year " + std::to_string(options.to) + " is before from (" + std::to_string(options.from) + ")");
  }
  if (Status status = check_options(registry, options.network); !status) return status;
  const EdgeWeights weights = *checked_weights(options.network);
  const NetworkSource source(registry);
  NetworkSeries series;
  const int year_count = options.to - options.from + 1;
  series.years.reserve(static_cast<std::size_t>(year_count));
  for (int year = options.from; year <= options.to; ++year) {
    const Date day = year == today.year() ? today : Date::from_ymd(year, 12, 31);
    Network network = source.build(options.network, weights, day);
    if (Status status = compute_network_metrics(network); !status) return status;
    series.years.push_back(std::move(network));
  }
  return series;
}

NetworkChange compare(const Network& before, const Network& after) {
  NetworkChange change;
  change.before = before.as_of;
  change.after = after.as_of;
  change.modularity_before = before.modularity;
  change.modularity_after = after.modularity;

  // Community of each nation as its member list, so that renumbering is not a change.
  const auto community_members = [](const Network& network) {
    std::map<std::string_view, const std::vector<std::string>*> members;
    for (const NetworkCommunity& community : network.communities) {
      for (const std::string& code : community.members) members[code] = &community.members;
    }
    return members;
  };
  const auto members_before = community_members(before);
  const auto members_after = community_members(after);

  for (const NetworkNode& node : after.nodes) {
    const NetworkNode* old = before.find_node(node.iso3);
    if (old == nullptr) {
      change.nodes_added.push_back(node.iso3);
      continue;
    }
    NodeChange delta{node.iso3,
                     node.name,
                     node.degree - old->degree,
                     node.strength - old->strength,
                     node.betweenness - old->betweenness,
                     node.eigenvector - old->eigenvector,
                     false};
    const auto was = members_before.find(node.iso3);
    const auto now = members_after.find(node.iso3);
    if (was != members_before.end() && now != members_after.end())
      delta.community_changed = *was->second != *now->second;
    if (delta.degree != 0 || delta.strength != 0 || delta.betweenness != 0 || delta.eigenvector != 0 ||
        delta.community_changed) {
      change.nodes_changed.push_back(std::move(delta));
    }
  }
  for (const NetworkNode& node : before.nodes) {
    if (after.find_node(node.iso3) == nullptr) change.nodes_removed.push_back(node.iso3);
  }
  std::sort(change.nodes_changed.begin(), change.nodes_changed.end(), [](const NodeChange& x, const NodeChange& y) {
    const auto key = [](const NodeChange& c) {
      return std::make_tuple(-std::abs(c.strength), -std::abs(c.degree), -std::abs(c.betweenness),
                             -std::abs(c.eigenvector));
    };
    const auto kx = key(x);
    const auto ky = key(y);
    return kx != ky ? kx < ky : x.iso3 < y.iso3;
  });

  std::map<std::pair<std::string_view, std::string_view>, double> old_edges;
  for (const NetworkEdge& edge : before.edges) old_edges[{edge.a, edge.b}] = edge.weight;
  for (const NetworkEdge& edge : after.edges) {
    const auto found = old_edges.find({edge.a, edge.b});
    if (found == old_edges.end()) {
      change.edges_added.push_back({edge.a, edge.b, 0, edge.weight});
      continue;
    }
    if (found->second != edge.weight) change.edges_reweighted.push_back({edge.a, edge.b, found->second, edge.weight});
    old_edges.erase(found);
  }
  for (const auto& [ends, weight] : old_edges) {
    change.edges_removed.push_back({std::string(ends.first), std::string(ends.second), weight, 0});
  }
  for (std::vector<EdgeChange>* list : {&change.edges_added, &change.edges_removed, &change.edges_reweighted}) {
    std::stable_sort(list->begin(), list->end(), [](const EdgeChange& x, const EdgeChange& y) {
      const double dx = std::abs(x.after - x.before);
      const double dy = std::abs(y.after - y.before);
      return dx != dy ? dx > dy : std::tie(x.a, x.b) < std::tie(y.a, y.b);
    });
  }
  sort_unique(change.nodes_added);
  sort_unique(change.nodes_removed);
  return change;
}

boost::json::value to_json(const Network& network) {
  boost::json::array edges;
  for (const NetworkEdge& edge : network.edges) {
    edges.emplace_back(boost::json::object{
        {"a", edge.a},
        {"b", edge.b},
        {"weight", edge.weight},
        {"membership", edge.membership},
        {"partnership", edge.partnership},
        {"exercise", edge.exercise},
        {"operation", edge.operation},
        {"ties", boost::json::object{{"organisations", string_array(edge.ties.organisations)},
                                     {"frameworks", string_array(edge.ties.frameworks)},
                                     {"ally_partner", string_array(edge.ties.ally_partner)},
                                     {"exercises", string_array(edge.ties.exercises)},
                                     {"operations", string_array(edge.ties.operations)}}},
    });
  }
  boost::json::array communities;
  for (const NetworkCommunity& community : network.communities) {
    communities.emplace_back(boost::json::object{
        {"id", community.id}, {"size", community.members.size()}, {"members", string_array(community.members)}});
  }
  return boost::json::object{{"as_of", network.as_of.to_string()},
                             {"window_years", network.window_years},
                             {"weights", weights_json(network.weights)},
                             {"modularity", optional_number(network.modularity)},
                             {"nodes", nodes_json(network)},
                             {"edges", std::move(edges)},
                             {"communities", std::move(communities)}};
}

boost::json::value to_json(const NetworkSeries& series) {
  boost::json::array years;
  for (const Network& network : series.years) {
    boost::json::array edges;
    for (const NetworkEdge& edge : network.edges) edges.emplace_back(boost::json::array{edge.a, edge.b, edge.weight});
    years.emplace_back(boost::json::object{{"as_of", network.as_of.to_string()},
                                           {"modularity", optional_number(network.modularity)},
                                           {"communities", network.communities.size()},
                                           {"nodes", nodes_json(network)},
                                           {"edges", std::move(edges)}});
  }
  boost::json::object object;
  if (!series.years.empty()) {
    object["from"] = series.years.front().as_of.year();
    object["to"] = series.years.back().as_of.year();
    object["window_years"] = series.years.front().window_years;
    object["weights"] = weights_json(series.years.front().weights);
  }
  object["years"] = std::move(years);
  return object;
}

boost::json::value to_json(const NetworkChange& change) {
  const auto edge_list = [](const std::vector<EdgeChange>& list) {
    boost::json::array array;
    for (const EdgeChange& edge : list) {
      array.emplace_back(
          boost::json::object{{"a", edge.a}, {"b", edge.b}, {"before", edge.before}, {"after", edge.after}});
    }
    return array;
  };
  boost::json::array nodes;
  for (const NodeChange& node : change.nodes_changed) {
    nodes.emplace_back(boost::json::object{{"iso3", node.iso3},
                                           {"name", node.name},
                                           {"degree", node.degree},
                                           {"strength", node.strength},
                                           {"betweenness", node.betweenness},
                                           {"eigenvector", node.eigenvector},
                                           {"community_changed", node.community_changed}});
  }
  return boost::json::object{{"before", change.before.to_string()},
                             {"after", change.after.to_string()},
                             {"modularity_before", optional_number(change.modularity_before)},
                             {"modularity_after", optional_number(change.modularity_after)},
                             {"nodes_added", string_array(change.nodes_added)},
                             {"nodes_removed", string_array(change.nodes_removed)},
                             {"edges_added", edge_list(change.edges_added)},
                             {"edges_removed", edge_list(change.edges_removed)},
                             {"edges_reweighted", edge_list(change.edges_reweighted)},
                             {"nodes_changed", std::move(nodes)}};
}

std::string nodes_to_csv(const Network& network) {
  std::string csv = "iso3,name,degree,strength,betweenness,eigenvector,community\n";
  for (const NetworkNode& node : network.nodes) {
    csv += csv_escape(node.iso3) + ',' + csv_escape(node.name) + ',' + std::to_string(node.degree) + ',' +
           number_text(node.strength) + ',' + number_text(node.betweenness) + ',' + number_text(node.eigenvector) +
           ',' + std::to_string(node.community) + '\n';
  }
  return csv;
}

std::string edges_to_csv(const Network& network) {
  std::string csv = "a,b,weight,membership,partnership,exercise,operation,shared\n";
  for (const NetworkEdge& edge : network.edges) {
    csv += csv_escape(edge.a) + ',' + csv_escape(edge.b) + ',' + number_text(edge.weight) + ',' +
           std::to_string(edge.membership) + ',' + std::to_string(edge.partnership) + ',' +
           std::to_string(edge.exercise) + ',' + std::to_string(edge.operation) + ',' + csv_escape(shared_ids(edge)) +
           '\n';
  }
  return csv;
}

std::string to_graphml(const Network& network) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
      "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  const auto key = [&](std::string_view id, std::string_view target, std::string_view type) {
    xml.append("  <key id=\"").append(id).append("\" for=\"").append(target).append("\" attr.name=\"").append(id);
    xml.append("\" attr.type=\"").append(type).append("\"/>\n");
  };
  key("as_of", "graph", "string");
  key("window_years", "graph", "int");
  key("modularity", "graph", "double");
  for (const EdgeType type : kEdgeTypes) key("weight_" + std::string(to_string(type)), "graph", "double");
  key("name", "node", "string");
  key("degree", "node", "int");
  key("strength", "node", "double");
  key("betweenness", "node", "double");
  key("eigenvector", "node", "double");
  key("community", "node", "int");
  key("weight", "edge", "double");
  for (const EdgeType type : kEdgeTypes) key(to_string(type), "edge", "int");
  key("shared", "edge", "string");

  const auto data = [&](std::string_view indent, std::string_view id, std::string_view value) {
    xml.append(indent).append("<data key=\"").append(id).append("\">").append(xml_escape(value)).append("</data>\n");
  };
  xml += "  <graph id=\"nations\" edgedefault=\"undirected\">\n";
  data("    ", "as_of", network.as_of.to_string());
  data("    ", "window_years", std::to_string(network.window_years));
  if (network.modularity) data("    ", "modularity", number_text(*network.modularity));
  for (const EdgeType type : kEdgeTypes) {
    data("    ", "weight_" + std::string(to_string(type)), number_text(network.weights.of(type)));
  }
  for (const NetworkNode& node : network.nodes) {
    xml.append("    <node id=\"").append(xml_escape(node.iso3)).append("\">\n");
    data("      ", "name", node.name);
    data("      ", "degree", std::to_string(node.degree));
    data("      ", "strength", number_text(node.strength));
    data("      ", "betweenness", number_text(node.betweenness));
    data("      ", "eigenvector", number_text(node.eigenvector));
    data("      ", "community", std::to_string(node.community));
    xml += "    </node>\n";
  }
  for (const NetworkEdge& edge : network.edges) {
    xml.append("    <edge source=\"").append(xml_escape(edge.a)).append("\" target=\"").append(xml_escape(edge.b));
    xml += "\">\n";
    data("      ", "weight", number_text(edge.weight));
    for (const EdgeType type : kEdgeTypes) data("      ", to_string(type), std::to_string(edge.count(type)));
    data("      ", "shared", shared_ids(edge));
    xml += "    </edge>\n";
  }
  xml += "  </graph>\n</graphml>\n";
  return xml;
}

}  // namespace entente
