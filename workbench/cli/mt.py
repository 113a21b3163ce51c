"""Commands about machine translation: translate an article, manage the models."""

from pathlib import Path

import click
from tqdm import tqdm

from workbench.cli.context import echo_json, json_option, pass_context
from workbench.cli.jobs import echo_results, finished_results, progress_bar
from workbench.errors import UnknownLanguageError
from workbench.jobs import enqueue_translation, run_here
from workbench.languages import TARGET_LANGUAGES, normalize_language, parse_language_list
from workbench.settings import megabytes
from workbench.mt import catalogue, script
from workbench.mt.evaluation import evaluate
from workbench.mt.fetch import DEFAULT_QUANTIZATION, QUANTIZATIONS
from workbench.glossary.enforce import glossary_hooks
from workbench.glossary.storage import project_matcher
from workbench.mt.registry import Registry


@click.command("translate")
@click.argument("article")
@click.option("--to", "langs", help="Languages, comma-separated (default: all five).")
@click.option("--force", is_flag=True,
              help="Translate again every machine-translated segment, ignoring the cache.")
@click.option("--no-glossary", is_flag=True, help="Do not steer MT with the project glossary.")
@click.option("--queue", is_flag=True,
              help="Only queue the job and print its number; a `workbench worker` runs it.")
@json_option
@pass_context
def translate_command(obj, article, langs, force, no_glossary, queue, as_json):
    """Machine-translate an article's untranslated segments, offline, after filling
    exact matches from the translation memory.

    The project glossary steers MT: names are kept, approved terms chosen among
    the model's candidates, forbidden ones replaced. Edited, reviewed and
    approved translations are never touched. Running it again only translates
    what is new or changed since (source, model, glossary).

    The run is a job (see `workbench jobs`), done here and now unless --queue.
    """
    job = enqueue_translation(obj.store, article, parse_language_list(langs), actor=obj.actor,
                              force=force, glossary=not no_glossary)
    if queue:
        if as_json:
            echo_json(job.to_json())
        else:
            click.echo(f"queued job {job.id}: {article} into {', '.join(job.languages)} "
                       f"(`workbench jobs show {job.id} --wait` follows it)")
        return
    with progress_bar(as_json) as progress:
        job = run_here(obj.store, job.id, progress)
    results = finished_results(job)
    if as_json:
        echo_json([result.__dict__ for result in results])
    else:
        echo_results(results)


def _language_code(text: str) -> str | None:
    try:
        return normalize_language(text)
    except UnknownLanguageError:
        return None


@click.group("models", invoke_without_command=True)
@click.option("--check", is_flag=True, help="Also load every model, to find corrupt weights.")
@json_option
@pass_context
@click.pass_context
def models_group(ctx, obj, check, as_json):
    """Which model serves each language; add, install and remove models."""
    if ctx.invoked_subcommand is not None:
        return
    registry = Registry(obj.store)
    languages, models = registry.report(load=check)
    if as_json:
        echo_json({
            "languages": [report.to_json() for report in languages],
            "models": [model.__dict__ for model in models],
            "argos_dir": str(registry.argos_dir),
            "uzbek_script": script.uzbek_script(obj.store),
        })
        return
    for report in languages:
        if report.model:
            model = report.model
            click.echo(f"{report.lang}: {model.engine} {model.name} (version {model.version}, "
                       f"{megabytes(model.size)})  order: {','.join(registry.order(report.lang))}")
        else:
            click.echo(f"{report.lang}: MISSING - {report.hint}")
    broken = [model for model in models if model.broken]
    for model in broken:
        click.echo(f"BROKEN {model.engine} {model.name} at {model.path}: {model.problem}")
    click.echo(f"Argos packages: {registry.argos_dir}; Uzbek script: "
               f"{script.uzbek_script(obj.store)}")


@models_group.command("add")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--languages", help="Languages it should serve (default: all it has tokens for).")
@click.option("--name", help="Name to refer to it by (default: the bundle's model, or the "
                             "folder name).")
@pass_context
def add_command(obj, source, languages, name):
    """Add a model: a bundle FILE from `workbench models fetch` (every file is checked
    against its manifest first), or a converted multilingual CTranslate2 model folder
    (NLLB-200, M2M-100)."""
    wanted = [code for code in languages.split(",") if code.strip()] if languages else None
    registry = Registry(obj.store)
    if source.is_dir():
        registration = registry.add_multilingual(source, wanted, name, actor=obj.actor)
        click.echo(f"registered {registration.name} for {', '.join(registration.languages)}")
        return
    state = registry.add_bundle(source, wanted, name, actor=obj.actor)
    click.echo(f"added {state.engine} {state.name} for {', '.join(state.languages)} "
               f"({megabytes(state.size)} in {Path(state.path).parent})")


@models_group.command("catalogue")
@json_option
def catalogue_command(as_json):
    """The models the workbench can fetch, per language: what serves each, size, licence
    and source."""
    if as_json:
        echo_json({
            "languages": {lang: [entry.name for entry in catalogue.serving(lang)]
                          for lang in TARGET_LANGUAGES},
            "models": [entry.to_json() for entry in catalogue.models()],
        })
        return
    for lang, language in TARGET_LANGUAGES.items():
        click.echo(f"{lang} ({language.name}): {catalogue.serving_summary(lang)}")
    for entry in catalogue.models():
        codes = ", ".join(lang if code == lang else f"{lang} ({code})"
                          for lang, code in entry.model_codes().items())
        click.echo(f"\n{entry.name}: {entry.title}\n"
                   f"  languages: {codes}\n"
                   f"  size: download about {entry.download_mb} MB, installed about "
                   f"{entry.installed_mb} MB\n"
                   f"  licence: {entry.licence}\n"
                   f"  source: {entry.where}")


@models_group.command("fetch")
@click.argument("name")
@click.option("--quantization", type=click.Choice(QUANTIZATIONS), default=DEFAULT_QUANTIZATION,
              show_default=True, help="Weight type of the converted model (hub models).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The bundle to write (default: NAME-QUANTIZATION.tar here).")
def fetch_command(name, quantization, out):
    """On a machine with internet: download catalogue model NAME, convert it, check that it
    translates, and write one bundle to carry to the offline machine (there:
    `workbench models add FILE`). Hub models need: pip install 'workbench[fetch]'."""
    from workbench.mt.fetch import fetch

    result = fetch(name, quantization, out, say=click.echo)
    size = sum(entry["size"] for entry in result.manifest["files"].values())
    click.echo(f"wrote {result.bundle} ({megabytes(size)}, {len(result.manifest['files'])} "
               f"files); on the offline machine: workbench models add {result.bundle.name}")


@models_group.command("install")
@click.argument("source")
@pass_context
def install_command(obj, source):
    """Install an Argos package: a .argosmodel FILE, or a LANG from the Argos index (online)."""
    registry = Registry(obj.store)
    if _language_code(source) and not Path(source).exists():
        state = registry.install_from_index(_language_code(source), actor=obj.actor)
    else:
        state = registry.install_argos(Path(source), actor=obj.actor)
    click.echo(f"installed {state.name} (en -> {', '.join(state.languages)}) in {registry.argos_dir}")


@models_group.command("remove")
@click.argument("name")
@pass_context
def remove_command(obj, name):
    """Remove a model: a registered multilingual model, or an Argos package (name or language)."""
    removed = Registry(obj.store).remove(name, actor=obj.actor)
    click.echo(f"removed {removed.engine} {removed.name}")


@models_group.command("update-index")
@pass_context
def update_index_command(obj):
    """Download the Argos package index (needs internet)."""
    count = Registry(obj.store).update_index(actor=obj.actor)
    click.echo(f"Argos package index updated: {count} packages")


@models_group.command("order")
@click.argument("lang")
@click.argument("engines")
@pass_context
def order_command(obj, lang, engines):
    """Set the engine order for LANG, e.g. `multilingual:nllb,argos`."""
    entries = [entry.strip() for entry in engines.split(",") if entry.strip()]
    Registry(obj.store).set_order(lang, entries, actor=obj.actor)
    click.echo(f"{normalize_language(lang)}: {','.join(entries)}")


@models_group.command("argos-dir")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@pass_context
def argos_dir_command(obj, directory):
    """Show or set the folder of this project's Argos packages."""
    registry = Registry(obj.store)
    if directory:
        registry.set_argos_dir(directory, actor=obj.actor)
    click.echo(str(registry.argos_dir))


@models_group.command("uzbek-script")
@click.argument("name", required=False)
@pass_context
def uzbek_script_command(obj, name):
    """Show or set the project's Uzbek script: latin (default) or cyrillic.

    MT output is transliterated into it, and the checks expect it.
    """
    if name:
        script.set_uzbek_script(obj.store, name, actor=obj.actor)
    click.echo(script.uzbek_script(obj.store))


@click.group("mt")
def mt_group():
    """Machine translation: compare the installed engines on the project's own translations."""


@mt_group.command("eval")
@click.argument("article", required=False)
@click.option("--engines", help="Engines to compare, as an engine order names them "
                                "(argos, multilingual:NAME), comma-separated; default: every "
                                "installed one.")
@click.option("--lang", "langs", help="Languages, comma-separated (default: all five).")
@json_option
@pass_context
def eval_command(obj, article, engines, langs, as_json):
    """Score the installed engines against the approved and reviewed translations of
    ARTICLE (default: every article), without storing anything they translate.

    Each engine translates as `workbench translate` would (glossary-steered); the output is
    scored with chrF++ and BLEU (0-100, higher is closer to the human translation) and by
    glossary agreement (the share of the sources' glossary terms rendered in an approved
    form). The result is kept as the project's last evaluation, shown on the Models page.
    """
    actor = obj.actor
    entries = [entry.strip() for entry in engines.split(",") if entry.strip()] if engines else None
    languages = parse_language_list(langs) if langs else None
    with tqdm(unit="seg", desc="evaluating", disable=as_json, delay=0.3) as bar:
        def progress(lang: str, engine: str, done: int, total: int) -> None:
            bar.total = total
            bar.set_postfix_str(f"{lang} {engine}", refresh=False)
            bar.n = done
            bar.refresh()

        evaluation = evaluate(obj.store, article, languages, entries, actor=actor,
                              hooks=glossary_hooks(obj.store), matcher=project_matcher(obj.store),
                              progress=progress)
    if as_json:
        echo_json(evaluation.to_json())
        return
    for lang in evaluation.languages():
        ranked = evaluation.ranked(lang)
        click.echo(f"{lang} ({ranked[0].segments} segments)")
        click.echo(f"  {'engine':<40} {'chrF++':>7} {'BLEU':>7}  glossary")
        for score in ranked:
            glossary = (f"{score.glossary:.0f}% ({score.terms_agreed} of {score.terms} terms)"
                        if score.terms else "no terms")
            click.echo(f"  {score.engine:<40} {score.chrf:>7.1f} {score.bleu:>7.1f}  {glossary}")
        suggested = ",".join(evaluation.suggested_order(lang))
        click.echo(f"  suggested order: workbench models order {lang} {suggested}")
    for problem in evaluation.problems:
        click.echo(f"not evaluated: {problem}")


COMMANDS = [translate_command, models_group, mt_group]
