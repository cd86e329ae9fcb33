"""safe_next: only paths on this site, nothing a browser would rewrite into another host."""
import pytest

from workshop.redirects import safe_next

FALLBACK = "/console"


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example", "\t//evil.example",
                                    " //evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
                                    "https://evil.example", "http:evil.example", "javascript:alert(1)",
                                    "/console\r\nSet-Cookie: x=1", "/\x00", "/\x7f", "/\x85", "evil.example",
                                    "", None, 42, "/" + "a" * 2001, "///evil.example", "/\u3000/evil.example "])
def test_anything_that_could_leave_the_site_falls_back(target):
    assert safe_next(target, FALLBACK) == FALLBACK


@pytest.mark.parametrize("target", ["/", "/console", "/j?code=ABC", "/workshops/3#sesi-2", "/lang/en?next=/console",
                                    "/console/%2F%2Fevil.example"])
def test_paths_on_the_site_are_kept(target):
    assert safe_next(target, FALLBACK) == target
