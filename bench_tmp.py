import time, tracemalloc, sys
tracemalloc.start()
t=time.perf_counter()
from sitrep.analyze.geo import Gazetteer, CITY_DATASET
n=int(sys.argv[1]) if len(sys.argv)>1 else CITY_DATASET
g=Gazetteer(min_city_population=n)
dt=time.perf_counter()-t
cur,peak=tracemalloc.get_traced_memory(); tracemalloc.stop()
print(n, len(g), f"{dt:.2f}s", f"held {cur/2**20:.0f} MB peak {peak/2**20:.0f} MB", len(g._primary), len(g._alternate))
