"""Fixtures of the exploration tests: a toy scenario on the karate club graph and real Dask clusters."""

from __future__ import annotations

import networkx as nx
import pytest

TOY = {
    "name": "toy", "title": "Toy scenario",
    "innovation": {"name": "Toy tool"},
    "time": {"start": "2020-01", "step": "quarter", "steps": 12},
    "run": {"runs": 16, "seed": 11},
    "seeds": {"adopters": ["0"]},
    # no unit ever rejects (rejection 0), so the reconsideration rate provably has no effect
    "adoption": {"rejection": 0.0, "reconsider": 0.1, "own_initiative": 0.002},
    "channels": {"word": {"type": "interpersonal", "layers": {"graph": 1.0}, "adoption": 0.2},
                 "radio": {"type": "mass_media", "awareness": 0.05, "adoption": 0.01}},
}
TOY_VARY = ["channels.word.adoption=0.05:0.5", "channels.radio.awareness=0.005:0.2:log",
            "adoption.reconsider=0.01:0.5"]


@pytest.fixture(scope="session")
def toy():
    from innosys.diffusion import scenario_from_dict

    return scenario_from_dict(TOY)


@pytest.fixture(scope="session")
def karate():
    return nx.karate_club_graph()


def _cluster(n: int):
    from distributed import Client

    from innosys.explore.executor import local_cluster

    cluster = local_cluster(n)
    return cluster, Client(cluster)


@pytest.fixture(scope="session")
def client2():
    """A real LocalCluster with two worker processes (if it cannot start, the tests fail)."""
    cluster, client = _cluster(2)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="session")
def client1():
    cluster, client = _cluster(1)
    yield client
    client.close()
    cluster.close()
