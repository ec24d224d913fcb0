"""Geographic positions."""

from innosys.viz.layout import SCALE, geo_positions


def test_projected_nodes_keep_their_relative_geography():
    coords = {"oslo": (59.91, 10.75), "bergen": (60.39, 5.32), "tromso": (69.65, 18.96)}
    pos = geo_positions(list(coords), coords, {})
    assert pos["tromso"][1] < pos["bergen"][1] < pos["oslo"][1]
    assert pos["bergen"][0] < pos["oslo"][0] < pos["tromso"][0]
    assert abs((pos["oslo"][1] - pos["tromso"][1]) - (69.65 - 59.91) * SCALE) < 1


def test_unplaced_nodes_go_near_their_ties_then_to_a_grid_in_the_west():
    coords = {"a": (60.0, 10.0), "b": (60.0, 12.0)}
    nb = {"county": ["a", "b"], "ks": ["county"], "alone": []}
    pos = geo_positions(["a", "b", "county", "ks", "alone", "alone2"], coords, nb)
    assert pos["a"][0] < pos["county"][0] < pos["b"][0]
    assert abs(pos["ks"][0] - pos["county"][0]) < 100          # placed in a second round, near the county
    west = min(pos["a"][0], pos["b"][0])
    assert pos["alone"][0] < west and pos["alone2"][0] < west
    assert pos["alone"] != pos["alone2"]


def test_deterministic_and_works_without_any_coordinates():
    nodes = [f"n{i}" for i in range(10)]
    one = geo_positions(nodes, {}, {})
    assert one == geo_positions(nodes, {}, {})
    assert len(set(one.values())) == 10


def test_seed_positions_fan_out_trees_and_keep_components_apart():
    from innosys.viz.layout import seed_positions

    nb = {"hub": [f"a{i}" for i in range(20)], "a0": ["b0", "b1"], "x": ["y"]}
    nodes = ["hub", *(f"a{i}" for i in range(20)), "b0", "b1", "x", "y", "alone"]
    pos = seed_positions(nodes, nb)
    assert pos == seed_positions(nodes, nb)                     # deterministic
    assert len(set(pos.values())) == len(nodes)                 # nobody on top of anybody
    hub = pos["hub"]

    def dist(a, b):
        return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5

    # grandchildren lie further out than their parent, nearer to it than to the hub
    for b in ("b0", "b1"):
        assert dist(pos[b], hub) > dist(pos["a0"], hub)
        assert dist(pos[b], pos["a0"]) < dist(pos[b], hub)
    # the small component does not sit inside the big one; the isolated node lies below both
    xs = [pos[n][0] for n in nb["hub"]] + [hub[0]]
    ys = [pos[n][1] for n in nb["hub"]] + [hub[1]]
    inside = min(xs) <= pos["x"][0] <= max(xs) and min(ys) <= pos["x"][1] <= max(ys)
    assert not inside
    assert pos["alone"][1] > max(ys)
