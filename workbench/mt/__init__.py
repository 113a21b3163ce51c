"""Offline machine translation: CTranslate2 engines, their registry, and the article pipeline.

engines.py       the Engine interface and the CTranslate2 + SentencePiece runner both engines share
argos.py         Argos Translate packages (.argosmodel), managed with argostranslate.package
multilingual.py  converted M2M-100 / NLLB-200 directories, one model for several targets
registry.py      which engine serves which language, in the configured order; the models report
catalogue.py     the models the workbench can fetch (catalogue.json): languages, size, licence, source
fetch.py         `models fetch`: download (hub or Argos index), convert, probe, write a bundle
bundles.py       the bundle file: written with a manifest of checksums, verified before adding
evaluation.py    `mt eval`: every installed engine scored on the approved translations
placeholders.py  keeps inline-code placeholders through MT, repairs what a model drops
script.py        Uzbek Latin/Cyrillic output
cache.py         MT output cache and per-segment MT state (tables of their own)
pipeline.py      translate_article: batching, caching, hooks, storing
"""
