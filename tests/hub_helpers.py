"""A loopback stand-in for the Hugging Face hub and the Argos index, for the fetch tests.

It answers what huggingface_hub asks (the repository tree at a revision, then HEAD and GET
of each file under /resolve/, with the hub's X-Repo-Commit and ETag headers) and serves
any other file it was given (an Argos index and its packages) at its path. It records every
request, so a test can tell what was downloaded.
"""

import hashlib
import json
import re
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

_API = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+)/(?P<kind>revision|tree)/(?P<rev>[^/]+)(?P<path>/.*)?$")
_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<path>.+)$")


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class FakeHub:
    def __init__(self):
        self.repos: dict[str, tuple[str, dict[str, bytes]]] = {}
        self.files: dict[str, bytes] = {}
        self.requests: list[str] = []
        self.url = ""

    def add_repo(self, repo: str, commit: str, folder: Path) -> None:
        """Serve every file below `folder` as repository `repo` at `commit` (and at main)."""
        self.repos[repo] = (commit, {path.relative_to(folder).as_posix(): path.read_bytes()
                                     for path in sorted(folder.rglob("*")) if path.is_file()})

    def add_file(self, path: str, data: bytes) -> str:
        self.files[path] = data
        return f"{self.url}{path}"

    def downloaded(self) -> list[str]:
        return [request.split(" ", 1)[1] for request in self.requests if request.startswith("GET")]


def _handler(hub: FakeHub):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_HEAD(self):
            self._answer(body=False)

        def do_GET(self):
            self._answer(body=True)

        def _answer(self, body: bool):
            path = unquote(urlsplit(self.path).path)
            hub.requests.append(f"{self.command} {path}")
            api, resolve = _API.match(path), _RESOLVE.match(path)
            match = api or resolve
            if match:
                if match["repo"] not in hub.repos:
                    return self._send(404, b"{}", {"X-Error-Code": "RepoNotFound"}, body)
                commit, files = hub.repos[match["repo"]]
                if match["rev"] not in (commit, "main"):
                    return self._send(404, b"{}", {"X-Error-Code": "RevisionNotFound"}, body)
                if api and api["kind"] == "revision":
                    info = {"id": match["repo"], "sha": commit,
                            "siblings": [{"rfilename": name} for name in files]}
                    return self._send(200, json.dumps(info).encode(), {}, body)
                if api:
                    tree = [{"type": "file", "oid": git_blob_id(data), "size": len(data),
                             "path": name} for name, data in files.items()]
                    return self._send(200, json.dumps(tree).encode(), {}, body)
                data = files.get(resolve["path"])
                if data is None:
                    return self._send(404, b"{}", {"X-Error-Code": "EntryNotFound"}, body)
                return self._send(200, data, {"X-Repo-Commit": commit,
                                              "ETag": f'"{git_blob_id(data)}"'}, body)
            if path in hub.files:
                return self._send(200, hub.files[path], {}, body)
            return self._send(404, b"not found", {}, body)

        def _send(self, status: int, data: bytes, headers: dict, body: bool):
            self.send_response(status)
            for name, value in {"Content-Length": str(len(data)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            if body:
                self.wfile.write(data)

    return Handler


@contextmanager
def serving(hub: FakeHub):
    """Serve `hub` on a free loopback port; sets and yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hub))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hub.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield hub.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def build_hub_m2m100(folder: Path) -> Path:
    """A tiny random-weight M2M-100 saved as the hub's facebook/m2m100_418M is laid out: its
    vocab.json without language tokens (the tokenizer adds them after it), the model's
    vocabulary size counting them and the made-up words. Built with the committed test
    SentencePiece model and the sizes scripts/build_test_models.py uses."""
    import importlib.util

    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer
    from transformers.models.m2m_100.tokenization_m2m_100 import FAIRSEQ_LANGUAGE_CODES

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("build_test_models",
                                                  root / "scripts" / "build_test_models.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    import sentencepiece

    sp_path = root / "tests" / "data" / "mt" / "m2m100-tiny" / "sentencepiece.bpe.model"
    pieces = build.pieces(sentencepiece.SentencePieceProcessor(model_file=str(sp_path)))
    folder.mkdir(parents=True, exist_ok=True)
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "sentencepiece.bpe.model").write_bytes(sp_path.read_bytes())
    tokenizer = M2M100Tokenizer(str(folder / "vocab.json"), str(folder / "sentencepiece.bpe.model"),
                                src_lang="en")
    config = M2M100Config(
        vocab_size=len(vocab) + len(FAIRSEQ_LANGUAGE_CODES["m2m100"]) + build.M2M_MADEUP_WORDS,
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2, **build.TINY)
    torch.manual_seed(11)
    M2M100ForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
