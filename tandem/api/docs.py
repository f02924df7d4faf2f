"""The interactive API docs, served from django-ninja's own bundled Swagger UI files.

Ninja falls back to a CDN unless ``ninja`` is an installed app; Tandem works offline (DESIGN.md),
so the same files are served from the installed package instead.
"""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

ASSETS = Path(ninja.__file__).parent / "static" / "ninja"
ALLOWED = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"}


class LocalSwagger(Swagger):
    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        base = self.settings["url"].rsplit("/", 1)[0]
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": True,
            "assets": f"{base}/docs-assets",
        }
        return render(request, "api/swagger.html", context)


def asset(name: str) -> FileResponse:
    if name not in ALLOWED:
        raise Http404("No such file")
    content_type, _ = mimetypes.guess_type(name)
    response = FileResponse((ASSETS / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
