#pragma once

// The network of nations: a weighted, undirected graph of the nations existing on a day,
// tied by the organisations, partnership frameworks, exercises and operations they share,
// and the centrality and community metrics of its nodes, computed with igraph.
//
// Definitions (docs/analytics.md):
// - membership: the organisations both nations are members of on the day (status member).
// - partnership: the frameworks both are active partners of on the day, plus one tie per
//   organisation O when one nation is a member of O and the other an active partner of a
//   framework of O (an ally-partner tie).
// - exercise: the exercises both took part in as participants (not observers) that ran on
//   some day of the window: the `window_years` years ending on the day.
// - operation: the operations both took part in, in any role, active on some day of the
//   window (active on the day, or ended within the window).
// An edge's weight is the sum over types of the type's weight times its count; pairs whose
// weight is 0 are not edges.
//
// Metrics, each as networkx 2.8 defines it by default:
// - degree: the number of neighbours; strength: the sum of the weights of a node's edges.
// - betweenness: unweighted (a tie of any strength is one step), normalised by
//   2 / ((n - 1)(n - 2)) as networkx's betweenness_centrality does (0 when n <= 2).
// - eigenvector: of the weighted adjacency matrix, non-negative, with unit Euclidean norm.
//   In a disconnected graph it is the limit of networkx's eigenvector_centrality (power
//   iteration from the uniform vector): the uniform vector projected onto the eigenspace of
//   the largest eigenvalue. Nations outside the components of that eigenvalue score 0; when
//   several components share it (an edgeless graph: every node), each scores in proportion
//   to the sum of its own unit eigenvector.
// - community: Louvain (igraph_community_multilevel, weighted, resolution 1, igraph's
//   random generator seeded with kNetworkSeed), numbered from 0 by size, largest first,
//   ties by their first nation's code; modularity of that partition (weighted,
//   resolution 1), absent for a graph without edges.

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"
#include "core/status.hpp"
#include "registry/registry.hpp"

namespace entente {

// The seed of the random generator the community detection draws from: the same data and
// options always give the same communities.
inline constexpr std::uint64_t kNetworkSeed = 20240404;
// Bounds of the options.
inline constexpr int kNetworkMinYear = 1945;
inline constexpr int kNetworkMaxYear = 2100;
inline constexpr int kNetworkMaxWindowYears = 50;
inline constexpr std::size_t kNetworkMaxNations = 400;

// The edge types, in the order of every list and export.
enum class EdgeType { kMembership, kPartnership, kExercise, kOperation };
inline constexpr int kEdgeTypeCount = 4;

// "membership", "partnership", "exercise", "operation".
std::string_view to_string(EdgeType type);
std::optional<EdgeType> parse_edge_type(std::string_view text);

// The weight of each edge type; 0 leaves the type out.
struct EdgeWeights {
  double membership = 1;
  double partnership = 1;
  double exercise = 1;
  double operation = 1;

  double of(EdgeType type) const;
  void set(EdgeType type, double weight);
};

// What a network is built from. Validated by build_network: every key of `weights` an edge
// type, every weight finite and >= 0, `window_years` in 0..50, `as_of` from 1945 to 2100,
// at most 400 known `nations`.
struct NetworkOptions {
  Date as_of;
  // Type name -> weight; a type not named keeps the weight 1.
  std::map<std::string, double, std::less<>> weights;
  int window_years = 5;
  // ISO alpha-3 codes; empty: every nation. Only those existing on `as_of` are nodes.
  std::vector<std::string> nations;
};

// The ids behind an edge: what the two nations share.
struct EdgeTies {
  std::vector<std::string> organisations;  // both members
  std::vector<std::string> frameworks;     // both active partners
  std::vector<std::string> ally_partner;   // organisations one is a member of, the other a partner of
  std::vector<std::string> exercises;      // both participants
  std::vector<std::string> operations;     // both took part
};

struct NetworkEdge {
  std::string a;  // ISO alpha-3, a < b
  std::string b;
  double weight = 0;
  int membership = 0;   // = organisations.size()
  int partnership = 0;  // = frameworks.size() + ally_partner.size()
  int exercise = 0;
  int operation = 0;
  EdgeTies ties;

  int count(EdgeType type) const;
};

struct NetworkNode {
  std::string iso3;
  std::string name;
  int degree = 0;
  double strength = 0;
  double betweenness = 0;
  double eigenvector = 0;
  int community = 0;
};

struct NetworkCommunity {
  int id = 0;
  std::vector<std::string> members;  // ISO alpha-3, sorted
};

struct Network {
  Date as_of;
  EdgeWeights weights;
  int window_years = 5;
  std::vector<NetworkNode> nodes;  // sorted by iso3
  std::vector<NetworkEdge> edges;  // sorted by (a, b)
  std::vector<NetworkCommunity> communities;
  std::optional<double> modularity;  // absent when the graph has no edge

  // The node of `iso3`; nullptr when it is not one.
  const NetworkNode* find_node(std::string_view iso3) const;
};

// The network of `options`: nodes and edges from the registry, metrics computed. Fails with
// kInvalidArgument naming the field ("weights", "window_years", "as_of", "nations") when an
// option is out of range.
Result<Network> build_network(const Registry& registry, const NetworkOptions& options);

// Fills the metrics of the nodes of `network` from its nodes and edges (whose endpoints
// must be nodes and whose weights must be positive), replacing any there: degree,
// strength, betweenness, eigenvector, community, the communities and the modularity.
// Fails with kInternal only when igraph does.
Status compute_network_metrics(Network& network);

// The network of every year from..to (inclusive), each as of 31 December, or `today` for
// today's year. `options.as_of` is ignored; the rest applies to every year.
struct NetworkSeriesOptions {
  int from = 1949;
  int to = 2025;
  NetworkOptions network;
};
struct NetworkSeries {
  std::vector<Network> years;  // one per year, in order
};
// Fails with kInvalidArgument naming "from" or "to" when a year is outside 1945..2100 or
// from > to, and as build_network for the other options.
Result<NetworkSeries> build_network_series(const Registry& registry, const NetworkSeriesOptions& options, Date today);

// How a network changed between two days (or two sets of weights).
struct EdgeChange {
  std::string a;
  std::string b;
  double before = 0;  // 0 when the edge is new
  double after = 0;   // 0 when it is gone
};
struct NodeChange {
  std::string iso3;
  std::string name;
  int degree = 0;  // after - before
  double strength = 0;
  double betweenness = 0;
  double eigenvector = 0;
  bool community_changed = false;  // its community's members differ (ids are not compared)
};
struct NetworkChange {
  Date before;
  Date after;
  std::vector<std::string> nodes_added;  // sorted
  std::vector<std::string> nodes_removed;
  // Each sorted by |after - before|, largest first, then by (a, b).
  std::vector<EdgeChange> edges_added;
  std::vector<EdgeChange> edges_removed;
  std::vector<EdgeChange> edges_reweighted;
  // The nations in both networks whose metrics changed, by |strength delta| largest first,
  // then |degree delta|, |betweenness delta|, |eigenvector delta|, then code.
  std::vector<NodeChange> nodes_changed;
  std::optional<double> modularity_before;
  std::optional<double> modularity_after;
};
NetworkChange compare(const Network& before, const Network& after);

// JSON: {as_of, window_years, weights{...}, modularity|null, nodes[{iso3, name, degree,
// strength, betweenness, eigenvector, community}], edges[{a, b, weight, membership,
// partnership, exercise, operation, ties{organisations, frameworks, ally_partner,
// exercises, operations}}], communities[{id, size, members[]}]}.
boost::json::value to_json(const Network& network);
// {from, to, years[{as_of, modularity, nodes[...], edges[{a, b, weight}]}]}: nodes as in a
// network, edges without their ties.
boost::json::value to_json(const NetworkSeries& series);
boost::json::value to_json(const NetworkChange& change);

// CSV with a header row. Nodes: iso3,name,degree,strength,betweenness,eigenvector,community.
// Edges: a,b,weight,membership,partnership,exercise,operation,shared, where shared lists
// the ties as "type:id" separated by ";" (ally-partner ties as "partnership:ORG(ally-partner)").
// Numbers round-trip (shortest exact form).
std::string nodes_to_csv(const Network& network);
std::string edges_to_csv(const Network& network);

// GraphML (http://graphml.graphdrawing.org/): one undirected graph with a key for every
// node, edge and graph attribute; text XML-escaped.
std::string to_graphml(const Network& network);

}  // namespace entente
