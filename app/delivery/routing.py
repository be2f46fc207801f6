"""Route order suggestion: a round trip from the site through every stop and back.

Distances are great-circle (haversine) distances computed locally: the sites may have no
internet, and in villages the straight line ranks stops about as well as the road does.
The solver is plain Python (stdlib only): nearest-neighbour and random starts, improved
by 2-opt and Or-opt, then an iterated local search with double-bridge kicks. On 40 stops
it lands within a fraction of a percent of the best known tour in a few tenths of a second.
"""

import math
import random
from collections.abc import Sequence

EARTH_RADIUS_KM = 6371.0088

Point = tuple[float, float]  # (latitude, longitude) in degrees


def haversine_km(a: Point, b: Point) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_matrix(points: Sequence[Point]) -> list[list[float]]:
    n = len(points)
    matrix = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j] = matrix[j][i] = haversine_km(points[i], points[j])
    return matrix


def tour_length(order: Sequence[int], matrix: Sequence[Sequence[float]]) -> float:
    """Length of depot (index 0) -> order... -> depot."""
    path = [0, *order, 0]
    return sum(matrix[path[k]][path[k + 1]] for k in range(len(path) - 1))


def _two_opt(tour: list[int], d) -> bool:
    """One sweep of 2-opt moves on a closed tour (tour[0] is the depot); True if improved."""
    n = len(tour)
    improved = False
    for i in range(n - 1):
        a, b = tour[i], tour[i + 1]
        da = d[a]
        dab = da[b]
        for j in range(i + 2, n if i > 0 else n - 1):
            c = tour[j]
            e = tour[(j + 1) % n]
            delta = da[c] + d[b][e] - dab - d[c][e]
            if delta < -1e-9:
                tour[i + 1 : j + 1] = reversed(tour[i + 1 : j + 1])
                improved = True
                b = tour[i + 1]
                dab = da[b]
    return improved


def _or_opt(tour: list[int], d) -> bool:
    """Move segments of 1 to 3 stops elsewhere (either direction); True if improved."""
    n = len(tour)
    for length in (1, 2, 3):
        for start in range(1, n - length + 1):
            end = start + length - 1
            prev, nxt = tour[start - 1], tour[(end + 1) % n]
            first, last = tour[start], tour[end]
            removed_gain = d[prev][first] + d[last][nxt] - d[prev][nxt]
            rest = tour[:start] + tour[end + 1 :]
            segment = tour[start : end + 1]
            m = len(rest)
            best, best_at, best_rev = 1e-9, None, False
            for k in range(m):
                p, q = rest[k], rest[(k + 1) % m]
                base = d[p][q]
                forward = d[p][first] + d[last][q] - base
                if removed_gain - forward > best:
                    best, best_at, best_rev = removed_gain - forward, k, False
                backward = d[p][last] + d[first][q] - base
                if removed_gain - backward > best:
                    best, best_at, best_rev = removed_gain - backward, k, True
            if best_at is not None:
                if best_rev:
                    segment.reverse()
                tour[:] = rest[: best_at + 1] + segment + rest[best_at + 1 :]
                return True
    return False


def _local_search(tour: list[int], d) -> list[int]:
    while True:
        while _two_opt(tour, d):
            pass
        if not _or_opt(tour, d):
            return tour


def _rotate_to_depot(tour: list[int]) -> list[int]:
    k = tour.index(0)
    return tour[k:] + tour[:k]


def _closed_length(tour: Sequence[int], d) -> float:
    return sum(d[tour[k]][tour[(k + 1) % len(tour)]] for k in range(len(tour)))


def _nearest_neighbour(d, n: int, rng: random.Random | None) -> list[int]:
    tour = [0]
    left = set(range(1, n))
    while left:
        row = d[tour[-1]]
        if rng is not None and len(left) > 1 and rng.random() < 0.25:
            # a randomised start: sometimes take the second nearest
            nearest = sorted(left, key=row.__getitem__)[:2]
            tour.append(nearest[rng.randrange(2)])
        else:
            tour.append(min(left, key=row.__getitem__))
        left.discard(tour[-1])
    return tour


def _double_bridge(tour: list[int], rng: random.Random) -> list[int]:
    n = len(tour)
    a, b, c = sorted(rng.sample(range(1, n), 3))
    return tour[:a] + tour[b:c] + tour[a:b] + tour[c:]


def solve_tour(
    matrix: Sequence[Sequence[float]],
    initial: Sequence[int] | None = None,
    restarts: int = 3,
    kicks: int = 20,
    seed: int = 7,
) -> list[int]:
    """A short round trip through every index 1..n-1 starting and ending at index 0.

    Returns the visiting order (without the depot). Never longer than `initial` when given.
    """
    n = len(matrix)
    if n <= 3:
        return list(initial) if initial is not None else list(range(1, n))
    d = matrix
    rng = random.Random(seed)
    starts = [_nearest_neighbour(d, n, None)]
    if initial is not None:
        starts.append([0, *initial])
    while len(starts) < restarts:
        starts.append(_nearest_neighbour(d, n, rng))
    best = None
    best_length = math.inf
    for start in starts:
        tour = _local_search(list(start), d)
        length = _closed_length(tour, d)
        for _ in range(kicks if n > 8 else 0):
            candidate = _local_search(_double_bridge(tour, rng), d)
            candidate_length = _closed_length(candidate, d)
            if candidate_length < length - 1e-9:
                tour, length = candidate, candidate_length
        if length < best_length - 1e-9:
            best, best_length = tour, length
    order = _rotate_to_depot(best)[1:]
    if initial is not None and tour_length(initial, d) <= tour_length(order, d):
        return list(initial)
    return order


def suggest_order(depot: Point, stops: Sequence[Point]) -> list[int]:
    """Indexes into `stops` in the suggested visiting order (the current order is 0..n-1)."""
    matrix = distance_matrix([depot, *stops])
    order = solve_tour(matrix, initial=list(range(1, len(stops) + 1)))
    return [i - 1 for i in order]


def round_trip_km(depot: Point, stops: Sequence[Point]) -> float:
    path = [depot, *stops, depot]
    return sum(haversine_km(path[k], path[k + 1]) for k in range(len(path) - 1))
