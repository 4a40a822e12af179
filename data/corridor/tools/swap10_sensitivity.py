#!/usr/bin/env python3
"""The Turkmen swap at 10 mcm/d: a sensitivity outside the case (docs/corridor-report.md).

S72 gives the swap 10 mcm/d delivered at Astara for 21 Mar-Aug 2023, more than the baseline's
FY2022/23 average (4.5 mcm/d), before its suspension in Jan 2024. This script writes a copy of
the case (default out/swap10/corridor, an ignored folder) with two extra scenarios, the
baseline's flows with that delivery:

  swap10a  the Turkmen swap input raised to match (delivery / (1 - fee)), the case's rule;
  swap10b  the Turkmen entries held at the baseline's: the extra delivery comes out of Iran's
           own supply at Saveh (as if the extra swap input displaced Turkmen gas for Iran).

Run from the repository root, then:
  build/bin/corridor run swap10a --data out/swap10/corridor
  build/bin/corridor run swap10b --data out/swap10/corridor
Nothing under data/ is changed.
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_corridor as m  # noqa: E402  (its main() only runs as a script)

dst_root = sys.argv[1] if len(sys.argv) > 1 else os.path.join("out", "swap10")
dst = os.path.join(dst_root, "corridor")
if os.path.exists(dst):
    shutil.rmtree(dst)
shutil.copytree(os.path.join(HERE, ".."), dst, ignore=shutil.ignore_patterns("tools"))
ann = json.load(open(os.path.join(dst, "annotations.json"), encoding="utf-8"))
base, _ = m.build_scenario(dict(winter=False, ru=None, swap="base"))
m.SWAP_BASE_DELIVERED = m.SWAP_2023_DELIVERED
for name in ("swap10a", "swap10b"):
    flows, info = m.build_scenario(dict(winter=False, ru=None, swap="base"))
    desc = "Sensitivity: baseline with the Turkmen swap at 10 mcm/d delivered at Astara (S72)"
    if name == "swap10b":
        extra = sum(flows[k] - base[k] for k in ("tm_korpeje", "tm_dauletabad"))
        flows["tm_korpeje"], flows["tm_dauletabad"] = base["tm_korpeje"], base["tm_dauletabad"]
        flows["ir_saveh"] = m.r6(flows["ir_saveh"] + extra)
        desc += ", Turkmen entries held at the baseline's"
    else:
        desc += ", Turkmen swap input raised to match"
    txt, tin, tout = m.write_scn(name, desc, flows, info)
    assert abs(tin - tout) < 1e-6, (name, tin, tout)
    open(os.path.join(dst, "scenarios", name + ".scn"), "w").write(txt)
    entry = dict(ann["scenarios"]["baseline"])
    entry.update({"file": "scenarios/%s.scn" % name, "description": desc,
                  "swap_turkmen_input_1000m3_per_h": info["swap_tm"],
                  "swap_delivered_at_astara_1000m3_per_h": info["swap_delivered"],
                  "flows_1000m3_per_h": flows})
    entry.pop("flow_provenance", None)
    ann["scenarios"][name] = entry
json.dump(ann, open(os.path.join(dst, "annotations.json"), "w", encoding="utf-8"), indent=1,
          ensure_ascii=False)
print("wrote %s with scenarios swap10a, swap10b" % dst)
