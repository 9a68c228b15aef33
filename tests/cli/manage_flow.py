#!/usr/bin/env python3
"""Partnership management from the command line, step after step, on a database of its own.

The golden cases share one read-only database; what needs accounts and earlier steps is
here: a programme drafted, submitted, refused a review by its submitter (four eyes), a stale
version refused, put to the council, blocked by an Ally's objection (--as an officer of
France), put again under the silence procedure until a deadline that 'entente deadlines'
closes, then activated, assessed and closed by two members of staff (N of M); the audit log
names the accounts that acted. Then the export and import of programmes (a round trip, a
bad file that changes nothing, a file of many programmes), PARP (refused for Russia by the
rules, with the reason), a unit's evaluation ladder, an event from invitation to feedback,
and the menu's export and import.

    manage_flow.py --entente BIN --data DATA --work WORK [--large]

--large imports 1,000 programmes with 100,000 activities and reports the time it took.
"""
import argparse
import csv
import datetime
import io
import json
import os
import shutil
import subprocess
import sys
import time

PASSWORD = "Correct-Horse-Battery-9\n"


class Flow:
    def __init__(self, entente, database, work):
        self.entente = entente
        self.database = database
        self.work = work
        self.failures = []
        self.environment = dict(os.environ, USER="flow")

    def run(self, *args, exit=0, stdin=None, expect=None):
        """Runs `entente ARGS --db DB`; checks the exit code and that stdout or stderr holds
        `expect`. Returns the completed process."""
        command = [self.entente, *args, "--db", self.database]
        result = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=600,
                                env=self.environment, cwd=self.work)
        shown = " ".join(args)
        if result.returncode != exit:
            self.fail(f"entente {shown}: exit {result.returncode}, expected {exit}\n{result.stdout}{result.stderr}")
        elif expect is not None and expect not in result.stdout + result.stderr:
            self.fail(f"entente {shown}: expected {expect!r} in\n{result.stdout}{result.stderr}")
        return result

    def json(self, *args):
        result = self.run(*args, "--format", "json")
        try:
            return json.loads(result.stdout)
        except json.JSONDecodeError:
            self.fail(f"entente {' '.join(args)}: not JSON\n{result.stdout}{result.stderr}")
            raise

    def check(self, condition, message):
        if not condition:
            self.fail(message)

    def fail(self, message):
        self.failures.append(message)
        print("FAIL " + message)


def in_seconds(seconds):
    instant = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def programme_rows(text):
    """An export's rows without the ids and states the database assigns."""
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        for column in ("programme", "state", "objective", "goal", "activity"):
            row[column] = "x" if row[column] else ""
        rows.append(tuple(row.values()))
    return sorted(rows)


def write_programmes(path, programmes, activities):
    nations = ["AUT", "GEO", "MDA", "CHE", "IRL", "SRB", "ARM", "AZE", "BIH", "KAZ"]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["programme", "nation", "title", "period_from", "period_to", "objective", "objective_title",
                         "goal", "goal_code", "goal_title", "activity_title", "menu_item", "activity_from",
                         "activity_to"])
        for p in range(programmes):
            for a in range(activities):
                goal = a % 5
                writer.writerow([f"p{p}", nations[p % len(nations)], f"Programme {p}", "2027-01-01", "2030-12-31",
                                 f"o{goal % 2}", f"Objective {goal % 2}", f"g{goal}", f"G {goal:04}", f"Goal {goal}",
                                 f"Activity {a}", "ndc-senior-course" if a % 10 == 0 else "", "2027-02-01",
                                 "2027-03-01"])


def programmes(flow):
    created = flow.json("programme", "create", "--nation", "AUT", "--title", "Austria 2027-2028", "--from",
                        "2027-01-01", "--to", "2028-12-31", "--review", "2028-01-15")
    pid = str(created["id"])
    flow.run("programme", "add-objective", pid, "--title", "Interoperable land forces")
    flow.run("programme", "add-goal", pid, "--title", "A battalion evaluated NEL2", "--objective", "1", "--code",
             "G 0001")
    flow.run("programme", "add-activity", pid, "--menu-item", "ndc-senior-course", "--goal", "1", "--from",
             "2027-03-01", "--to", "2027-08-31", expect="added activity")
    view = flow.json("programme", "show", pid)
    flow.check(len(view["activities"]) == 1 and view["activities"][0]["title"] == "Senior Course",
               "the activity takes the menu item's title")
    version = str(view["version"])
    flow.run("programme", "submit", pid, "--version", version, expect="is submitted")
    submitted = str(int(version) + 1)

    # Four eyes: the operator submitted, so the operator may not review.
    flow.run("programme", "review", pid, "--version", submitted, exit=1, expect="four eyes")
    # A stale version changes nothing and says which version is current.
    flow.run("programme", "review", pid, "--version", version, "--as", "staff1", exit=1,
             expect=f"changed meanwhile (now version {submitted})")
    flow.check(flow.json("programme", "show", pid)["state"] == "submitted", "refused steps leave it submitted")
    # An unknown word lists the commands and the workflow's steps.
    flow.run("programme", "approve", pid, "--version", submitted, exit=1, expect="nor a step of the itpp workflow")
    # A step of the workflow that does not lead on from here: the service says which do.
    flow.run("programme", "activate", pid, "--version", submitted, exit=1, expect="from submitted the steps are")

    flow.run("programme", "review", pid, "--version", submitted, "--as", "staff1", expect="is under-review")
    view = flow.json("programme", "refer", pid, "--version", str(int(submitted) + 1), "--procedure", "consensus",
                     "--as", "staff1")
    flow.check(view["state"] == "in-council" and view["rounds"][0]["state"] == "open", "referred: a round opens")
    round_id = str(view["rounds"][0]["id"])
    flow.run("inbox", "--as", "fra", expect="council-round")
    flow.run("round", "position", round_id, "--position", "support", "--as", "aut", exit=1,
             expect="stated by officers of its members")
    flow.run("round", "position", round_id, "--position", "object", "--as", "fra", exit=1, expect="give a reason")
    flow.run("round", "position", round_id, "--position", "object", "--reason", "Not yet", "--as", "fra",
             expect="the round is not-adopted")
    flow.run("round", "show", round_id, expect="FRA object; under consensus a single objection blocks")
    view = flow.json("programme", "show", pid)
    flow.check(view["state"] == "under-review", "an objection sends the programme back to review")
    inbox = flow.json("inbox", "--as", "aut")
    flow.check(any("reject" in n["text"] for n in inbox["notifications"]), "the partner's officer hears of it")

    # The silence procedure until a deadline two seconds away, closed by 'entente deadlines'.
    flow.run("programme", "refer", pid, "--version", str(view["version"]), "--procedure", "silence", "--deadline",
             in_seconds(2), "--as", "staff1", expect="is open (silence)")
    flow.run("deadlines", expect="no council deadline has passed")
    time.sleep(3)
    flow.run("deadlines", expect="closed 1 council deadline")
    view = flow.json("programme", "show", pid)
    flow.check(view["state"] == "approved", f"silence kept: approved, not {view['state']}")

    view = flow.json("programme", "activate", pid, "--version", str(view["version"]))
    flow.run("programme", "assess", pid, "--version", str(view["version"]), "--as", "staff1", exit=1,
             expect="needs a comment")
    view = flow.json("programme", "assess", pid, "--version", str(view["version"]), "--as", "staff1", "--comment",
                     "On track")
    version = str(view["version"])
    flow.run("programme", "close", pid, "--version", version, "--as", "staff1", "--comment", "Done", exit=1,
             expect="four eyes")
    flow.run("programme", "close", pid, "--version", version, "--as", "staff2", "--comment", "Done",
             expect="1 of 2 approvals (staff2)")
    version = str(int(version) + 1)
    flow.run("programme", "close", pid, "--version", version, "--as", "staff2", "--comment", "Done", exit=1,
             expect="approved 'close' already")
    flow.run("programme", "close", pid, "--version", version, "--comment", "Done", expect="is closed")

    # Who acted is on record under the account's name, and the operator behind it.
    audit = json.loads(flow.run("audit", "--actor", "staff1", "--format", "json").stdout)
    flow.check(audit["entries"] and all(e["actor"] == "staff1" for e in audit["entries"]),
               "the audit log names staff1 for its steps")
    history = flow.json("programme", "history", pid)["transitions"]
    flow.check([t["action"] for t in history] ==
               ["submit", "review", "refer", "reject", "refer", "adopt", "activate", "assess", "close", "close"],
               "the history: " + ", ".join(t["action"] for t in history))
    flow.check(history[1]["actor"] == "staff1" and history[1]["request_id"].endswith("by operator:flow"),
               "a step taken --as names the account, and the operator in its request id")
    flow.run("transitions", "--actor", "staff2", "--format", "csv", expect="close,reviewed,reviewed,staff2")


def imports(flow, work, large):
    flow.run("programme", "create", "--nation", "GEO", "--title", "Lone parts", "--from", "2027-01-01", "--to",
             "2027-12-31", expect="created programme")
    flow.run("programme", "add-goal", "2", "--title", "A goal without activities")
    flow.run("programme", "add-objective", "2", "--title", "An objective without goals")
    flow.run("programme", "create", "--nation", "MDA", "--title", 'Empty, "quoted"', "--from", "2027-01-01", "--to",
             "2027-12-31")
    exported = flow.run("programme", "export").stdout
    flow.check(len(exported.splitlines()) == 1 + 1 + 2 + 1, "one row per activity, lone goal, lone objective, "
                                                            "empty programme:\n" + exported)
    path = os.path.join(work, "programmes.csv")
    with open(path, "w", encoding="utf-8") as out:
        out.write(exported)
    flow.run("programme", "import", path, expect="imported 3 programmes as drafts (ids 4 to 6)")
    again = flow.run("programme", "export").stdout
    rows = programme_rows(exported)
    flow.check(programme_rows(again) == sorted(rows + rows), "the import reads back what the export wrote")

    count = flow.json("programme", "list")["total"]
    bad = os.path.join(work, "bad.csv")
    with open(bad, "w", encoding="utf-8") as out:
        out.write(exported.replace(",MDA,", ",XYZ,").replace("2028-12-31", "2026-12-31"))
    result = flow.run("programme", "import", bad, exit=1, expect="nothing was imported")
    flow.check(f"{bad}:5: no nation with code 'XYZ'" in result.stderr, "FILE:LINE: reason\n" + result.stderr)
    flow.check(flow.json("programme", "list")["total"] == count, "a bad file changes nothing")

    many = os.path.join(work, "many.csv")
    write_programmes(many, 20, 50)
    flow.run("programme", "import", many, expect="imported 20 programmes as drafts")
    flow.check(flow.json("programme", "list", "--q", "Programme 19")["total"] == 1, "the 20th programme is there")
    if large:
        write_programmes(many, 1000, 100)
        start = time.monotonic()
        flow.run("programme", "import", many, expect="1000 programmes")
        print(f"     imported 1,000 programmes with 100,000 activities in {time.monotonic() - start:.1f} s")


def parp(flow):
    result = flow.run("parp", "open", "RUS", exit=1, expect="Russia may not take part in the Planning and Review "
                                                            "Process")
    flow.check("suspended" in result.stderr, "the refusal gives the rules' reason:\n" + result.stderr)
    flow.run("parp", "open", "AUT", "--as", "fra", exit=1, expect="their own nation's cycle only")
    cycle = flow.json("parp", "open", "AUT", "--as", "aut")
    cid = str(cycle["id"])
    flow.run("parp", "draft-goals", cid, "--version", "1", "--as", "aut", exit=1, expect="taken by alliance-staff")
    flow.run("parp", "draft-goals", cid, "--version", "1", expect="is draft-goals")
    view = flow.json("parp", "add-goal", cid, "--title", "Deployable battalion", "--code", "G 0001")
    goal = str(view["goals"][0]["id"])
    year = str(view["year"])
    flow.run("parp", "result", cid, goal, "--year", year, "--target", "sel1", "--as", "aut", exit=1,
             expect="NATO staff set a goal's baseline and target")
    flow.run("parp", "result", cid, goal, "--year", year, "--target", "sel1", expect="recorded")
    flow.run("parp", "result", cid, goal, "--year", year, "--actual", "declared", "--as", "aut", expect="recorded")
    flow.run("parp", "result", cid, goal, "--year", str(int(year) + 6), exit=1, expect="six-year horizon")
    view = flow.json("parp", "talks", cid, "--version", str(view["version"] + 2))  # two results recorded
    view = flow.json("parp", "multilateral", cid, "--version", str(view["version"]))
    today = datetime.datetime.now(datetime.timezone.utc).year
    if today % 2 == 0:
        flow.run("parp", "approve", cid, "--version", str(view["version"]), expect="is approved")
    else:
        flow.run("parp", "approve", cid, "--version", str(view["version"]), exit=1, expect="taken in even years")
    flow.run("parp", "show", cid, expect="Deployable battalion")


def units(flow):
    flow.run("unit", "declare", "--nation", "FRA", "--name", "x", "--kind", "land", exit=1,
             expect="the programme evaluates partners")
    unit = flow.json("unit", "declare", "--nation", "AUT", "--name", "1st Battalion", "--kind", "land", "--as", "aut")
    uid = str(unit["id"])
    yes = [a for item in ("1-organisation", "2-training", "3-procedures", "4-equipment")
           for a in ("--answer", item + "=yes")]
    today = datetime.date.today().isoformat()
    flow.run("unit", "evaluate", uid, "--step", "sel1", *yes, "--evaluator", "AUT J7", "--on", today, "--version",
             "1", "--as", "aut", expect="its level is sel1")
    flow.run("unit", "evaluate", uid, "--step", "nel1", *yes, "--evaluator", "JFC", "--on", today, "--version", "2",
             "--as", "aut", exit=1, expect="taken by alliance-staff")
    flow.run("unit", "evaluate", uid, "--step", "nel1", *yes[:2], "--evaluator", "JFC", "--on", today, "--version",
             "2", "--as", "staff1", exit=1, expect="yes or no")
    flow.run("unit", "evaluate", uid, "--step", "nel1", *yes, "--evaluator", "JFC", "--on", today, "--version", "2",
             "--as", "staff1", expect="its level is nel1")
    flow.run("unit", "show", uid, expect="Checklist of sel2")


def events(flow):
    today = datetime.date.today().isoformat()
    event = flow.json("event", "create", "--menu-item", "ndc-senior-course", "--from", today, "--location", "Rome",
                      "--capacity", "1")
    eid = str(event["id"])
    result = flow.run("event", "invite", eid, "AUT", "RUS", exit=1, expect="none was")
    flow.check("RUS: Russia may not take part" in result.stderr, "each refusal with its reason:\n" + result.stderr)
    flow.run("event", "invite", eid, "AUT", expect="invited AUT")
    view = flow.json("event", "open", eid, "--version", str(event["version"] + 1))
    flow.run("event", "register", eid, "--participant", "Maj. Huber", "--as", "aut", expect="(registered)")
    flow.run("event", "register", eid, "--participant", "Capt. Gruber", "--as", "aut", expect="(waitlisted)")
    flow.run("event", "register", eid, "--participant", "Lt. Fischer", "--as", "fra", exit=1, expect="no event")
    view = flow.json("event", "show", eid)
    first = view["registrations"][0]
    flow.run("event", "cancel-registration", eid, str(first["id"]), "--version", str(first["version"] + 1), "--as",
             "aut", exit=1, expect="changed meanwhile")
    view = flow.json("event", "cancel-registration", eid, str(first["id"]), "--version", str(first["version"]),
                     "--as", "aut")
    flow.check([r["state"] for r in view["registrations"]] == ["cancelled", "registered"],
               "the waitlisted moves up when a place frees")
    view = flow.json("event", "close-registration", eid, "--version", str(view["version"]))
    flow.run("event", "hold", eid, "--version", str(view["version"]), expect="is held")
    flow.run("event", "attend", eid, str(view["registrations"][1]["id"]), "attended", expect="as attended")
    flow.run("event", "feedback", eid, "--rating", "4", "--text", "Useful", "--as", "aut", expect="recorded feedback")
    flow.run("event", "show", eid, expect="rating    4.00 from 1 answers")
    flow.run("event", "list", "--from", today, expect="Senior Course")


def menu(flow, work):
    exported = flow.run("menu", "export").stdout
    path = os.path.join(work, "menu.csv")
    with open(path, "w", encoding="utf-8") as out:
        out.write(exported)
    count = len(list(csv.DictReader(io.StringIO(exported))))
    flow.run("menu", "import", path, "--as", "aut", exit=1, expect="may not edit the registry")
    flow.run("menu", "import", path, "--as", "staff1", expect=f"{count} activities")
    flow.check(flow.run("menu", "export").stdout == exported, "the menu reads back as it was exported")
    flow.run("audit", "--kind", "menu", expect="staff1")
    flow.run("dcb-packages", "--nation", "GEO", expect="Georgia")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entente", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--large", action="store_true")
    options = parser.parse_args()

    work = os.path.abspath(options.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    database = os.path.join(work, "manage.db")
    init = subprocess.run([os.path.abspath(options.entente), "init", "--db", database, "--data", options.data],
                          capture_output=True, text=True, timeout=120)
    if init.returncode != 0:
        print("FAIL init\n" + init.stdout + init.stderr)
        return 1
    flow = Flow(os.path.abspath(options.entente), database, work)
    for account in (["staff1", "--role", "alliance-staff"], ["staff2", "--role", "alliance-staff"],
                    ["aut", "--role", "nation-officer", "--nation", "AUT"],
                    ["fra", "--role", "nation-officer", "--nation", "FRA"]):
        flow.run("user", "add", *account, "--password-stdin", stdin=PASSWORD)
    flow.run("inbox", "--as", "nobody", exit=1, expect="no account 'nobody'")

    for name, step in (("programmes, four eyes, council rounds, deadlines", lambda: programmes(flow)),
                       ("export and import of programmes", lambda: imports(flow, work, options.large)),
                       ("PARP", lambda: parp(flow)), ("evaluations", lambda: units(flow)),
                       ("events", lambda: events(flow)), ("the menu", lambda: menu(flow, work))):
        before = len(flow.failures)
        try:
            step()
        except (KeyError, IndexError, TypeError, json.JSONDecodeError) as error:
            flow.fail(f"{name}: stopped on an unexpected answer ({error!r})")
        if len(flow.failures) == before:
            print(f"ok   {name}")
    return 1 if flow.failures else 0


if __name__ == "__main__":
    sys.exit(main())
