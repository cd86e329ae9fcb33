"""The pages' modulepreload lists come from the modules' own imports (workshop/web/modules.py)."""
from workshop.web.modules import JS_ROOT, module_closure, module_preloads

ENTRIES = ("phone/main.js", "phone/live.js", "phone/code.js", "board/main.js", "console/main.js")


def test_every_import_resolves_to_a_file():
    for entry in ENTRIES:
        for module in module_closure(entry):
            assert (JS_ROOT / module).is_file(), f"{entry} reaches {module}, which does not exist"


def test_every_module_is_used_by_a_page():
    reached = {module for entry in ENTRIES for module in module_closure(entry)}
    on_disk = {path.relative_to(JS_ROOT).as_posix() for path in JS_ROOT.rglob("*.js")}
    assert on_disk - reached == set()


def test_closure_follows_imports_re_exports_and_parent_paths():
    board = module_closure("board/main.js")
    assert board[0] == "board/main.js"
    assert {"board/render.js", "common/dom.js", "methods/index.js", "methods/dots.js", "methods/sum.js"} <= set(board)
    assert len(board) == len(set(board))


def test_phone_first_load_leaves_the_live_screens_for_later():
    first = module_preloads("phone/main.js")
    live = module_preloads("phone/live.js", loaded_by="phone/main.js")
    assert "phone/join.js" in first and "methods/index.js" not in first
    assert "phone/vote.js" in live and not set(first) & set(live)


def test_pages_preload_what_they_import(client):
    html = client.get("/j/NOSUCH").get_data(as_text=True)  # the code page's fallback
    assert html.count('rel="modulepreload"') == len(module_preloads("phone/code.js"))
