"""Found: `/lang/en?next=/%09/evil.example` answered `Location: //evil.example` (the browser drops
the tab), the same on `/login?next=`, and a CR/LF in `next` gave a 500."""
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import browser, csrf_token

# Raw query strings, as an attacker would put them in a link.
OUTSIDE = ["/%09/evil.example", "/%0a/evil.example", "/%0d/evil.example", "%09//evil.example",
           "%20//evil.example", "//evil.example", "/%5Cevil.example", "%5C%5Cevil.example",
           "/%2F/evil.example", "https://evil.example/", "http:evil.example", "javascript:alert(1)",
           "/\t/evil.example", "%2F%2Fevil.example", "/%E3%80%80/evil.example", "///evil.example"]
BROKEN = ["/console%0d%0aSet-Cookie:%20x=1", "%0d%0a", "/%00", "/" + "a" * 5000, "%ff%fe", "%ud800"]


def followed(server, location: str) -> str:
    """Where a browser goes: it drops tabs and line breaks, reads `\\` as `/`, resolves relative."""
    cleaned = "".join(ch for ch in location if ch not in "\t\n\r").strip().replace("\\", "/")
    return urljoin(server.url + "/", cleaned)


@pytest.mark.parametrize("target", OUTSIDE + BROKEN)
def test_the_language_switch_never_leaves_the_site(server, target):
    answer = browser().get(f"{server.url}/lang/en?next={target}", allow_redirects=False, timeout=30)
    assert answer.status_code == 302
    assert urlsplit(followed(server, answer.headers["Location"])).netloc == urlsplit(server.url).netloc
    assert "Set-Cookie: x" not in answer.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("target", ["/%09/evil.example", "/%5Cevil.example", "%20//evil.example",
                                    "/console%0d%0aX:%201"])
def test_the_log_in_form_never_sends_the_facilitator_off_site(server, target):
    client = browser()
    page = client.get(f"{server.url}/login?next={target}", timeout=30)
    assert page.status_code == 200
    token = csrf_token(page.text)
    answer = client.post(f"{server.url}/login?next={target}",
                         data={"csrf_token": token, "email": server.email, "password": "rahasia-bimtek"},
                         allow_redirects=False, timeout=60)
    assert answer.status_code == 302
    assert urlsplit(followed(server, answer.headers["Location"])).netloc == urlsplit(server.url).netloc


def test_a_path_on_the_site_is_still_followed(server):
    answer = browser().get(f"{server.url}/lang/en?next=/j%3Fcode%3DABC", allow_redirects=False, timeout=30)
    assert answer.headers["Location"] == "/j?code=ABC"
