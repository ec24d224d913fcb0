"""The embedded (networkx) actor graph and its analytics."""

from innosys.graph.analytics import (
    activities_performed_by_none,
    activity_coverage,
    actor_ids,
    actor_network,
    actors_per_activity,
    brokers,
    centrality,
    components,
    county_of,
    ego_network,
    ego_table,
)
from innosys.graph.build import edge_id, load_graph, to_graph, to_tables

__all__ = [
    "activities_performed_by_none", "activity_coverage", "actor_ids", "actor_network",
    "actors_per_activity", "brokers", "centrality", "components", "county_of", "edge_id", "ego_network",
    "ego_table", "load_graph", "to_graph", "to_tables",
]
