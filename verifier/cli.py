"""The `veche` command line: a thin click layer over the runner and the renderers."""

from __future__ import annotations

import sys

import click

from dsl.diagnostics import did_you_mean

VERSION = "0.1.0"
EXIT_BUG = 4


def _check_names(ctx, param, values):
    from .checks import REGISTRY

    for v in values:
        if v not in REGISTRY:
            hint = did_you_mean(v, REGISTRY)
            raise click.BadParameter(f"unknown check `{v}`" + (f"; {hint}" if hint else "; see `veche checks`"))
    return values


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="veche")
def cli() -> None:
    """veche: a formal verifier for the rules of constitutions."""


#: Seconds per check unless --timeout says otherwise: a hard instance ends as `unknown`, never a hang.
DEFAULT_TIMEOUT = 300.0


def _timeout(ctx, param, value):
    """`--timeout`: seconds per check; 0 means no limit."""
    return None if value == 0 else value


def timeout_option(help_text: str = "Time limit per check (0: none); past it the check is `unknown`."):
    """The --timeout option every command that runs checks shares."""
    return click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
                        callback=_timeout, metavar="SECONDS", help=help_text)


def _jobs(ctx, param, value) -> int:
    """`--jobs`: a count of worker processes, with 0 and `auto` meaning one per CPU."""
    from .runner import cpu_count

    text = str(value).strip().lower()
    if text == "auto":
        return cpu_count()
    try:
        n = int(text)
    except ValueError:
        raise click.BadParameter(f"`{value}` is not a number of processes (an integer, or `auto`)") from None
    if n < 0:
        raise click.BadParameter(f"{n} processes: use 1 or more, or 0 or `auto` for one per CPU")
    return n or cpu_count()


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "markdown"]), default="text",
              show_default=True, help="Output format (see docs/formats.md).")
@click.option("--only", multiple=True, callback=_check_names, metavar="CHECK",
              help="Run only these checks (repeatable).")
@click.option("--skip", multiple=True, callback=_check_names, metavar="CHECK", help="Skip these checks (repeatable).")
@timeout_option()
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: when a terminal).")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="An earlier --format json or sarif output: report only findings not in it.")
@click.option("--jobs", callback=_jobs, default="auto", show_default=True, metavar="N",
              help="Check files in N worker processes (0 or `auto`: one per CPU, for two files or more); "
                   "the output is the same.")
def check(paths, fmt, only, skip, timeout, color, baseline, jobs) -> None:
    """Check the constitutions in PATHS (files, or folders searched for *.veche).

    Exit status: 0 every check holds; 1 some check is violated; 2 bad input or
    usage; 3 nothing violated but some check unknown; 4 an internal error (a bug).
    """
    from .checks import Context
    from .results import exit_status
    from .runner import run_paths

    known = None
    if baseline is not None:
        from . import baseline as baselines

        try:
            known = baselines.load(baseline)
        except baselines.BaselineError as exc:
            raise click.BadParameter(str(exc), param_hint="--baseline") from None
    reports = run_paths(list(paths), only, skip, Context(timeout=timeout), jobs=jobs)
    if not reports:
        raise click.UsageError("no .veche files found in the given folders")
    suppressed = 0
    if known is not None:
        reports, suppressed = baselines.apply(reports, known)
        if suppressed:
            click.echo(f"veche: {suppressed} known finding{'s' if suppressed != 1 else ''} "
                       f"suppressed by the baseline {baseline}", err=True)
    if fmt == "json":
        from .render import json_out

        click.echo(json_out.render(reports), nl=False)
    elif fmt == "sarif":
        from .render import sarif

        click.echo(sarif.render(reports, baseline=baseline is not None), nl=False)
    elif fmt == "markdown":
        from .render import markdown

        click.echo(markdown.render(reports, suppressed=suppressed), nl=False)
    else:
        from rich.console import Console

        from .render import text

        text.render(reports, Console(no_color=color is False, force_terminal=color, highlight=False,
                                     soft_wrap=True))
    sys.exit(exit_status(reports))


@cli.command()
@click.argument("path", type=click.Path())
@click.argument("check_name", metavar="CHECK")
@click.argument("target", required=False)
@timeout_option()
def explain(path, check_name, target, timeout) -> None:
    """Explain the verdict of CHECK (optionally on TARGET) in PATH, with the counterexample
    told step by step.  Exit status as for `veche check`, for the checks explained."""
    from dsl.diagnostics import did_you_mean as suggest

    from .checks import REGISTRY, Context
    from .render import json_out, narrative
    from .results import exit_status
    from .runner import run_file

    if check_name not in REGISTRY:
        hint = suggest(check_name, REGISTRY)
        raise click.BadParameter(f"unknown check `{check_name}`" + (f"; {hint}" if hint else ""),
                                 param_hint="CHECK")
    report = run_file(path, only=[check_name], ctx=Context(timeout=timeout))
    if report.has_errors:
        from rich.console import Console

        from .render import text

        text.render([report], Console(no_color=True, highlight=False, soft_wrap=True))
        sys.exit(2)
    results = [r for r in report.results if target is None or r.target == target]
    if not results:
        declared = sorted({r.target or "" for r in report.results} - {""})
        raise click.UsageError(f"{path} declares no `check {check_name}`"
                               + (f" on `{target}`" if target else "")
                               + (f"; its targets: {', '.join(declared)}" if declared else ""))
    import dsl
    from .checks import signatures

    model = dsl.load(path, signatures()).model
    for i, r in enumerate(results):
        if i:
            click.echo()
        click.echo("\n".join(narrative.explain(json_out.result(r), model)))
    sys.exit(exit_status([type(report)(report.path, report.text, report.diagnostics, tuple(results))]))


@cli.command()
@click.argument("path", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write to this file instead of standard output.")
@click.option("--format", "fmt", type=click.Choice(["dot", "svg"]), default="dot", show_default=True,
              help="DOT text, or SVG drawn by Graphviz (`apt-get install graphviz`).")
@click.option("--no-procedures", is_flag=True, help="Draw only the institutions, not the procedures.")
def graph(path, output, fmt, no_procedures) -> None:
    """Draw the institution in PATH: groups, who elects, appoints and directs whom, the powers,
    and each procedure as a state machine."""
    from .render import graph as graph_render

    model = _load_or_exit(path)
    content = graph_render.dot(model, procedures=not no_procedures)
    if fmt == "svg":
        try:
            content = graph_render.to_svg(content)
        except graph_render.GraphvizMissing as exc:
            click.echo(f"veche: {exc}", err=True)
            if output:
                dot_path = output.rsplit(".", 1)[0] + ".dot"
                with open(dot_path, "w", encoding="utf-8") as f:
                    f.write(graph_render.dot(model, procedures=not no_procedures))
                click.echo(f"veche: wrote the DOT text to {dot_path}", err=True)
            else:
                click.echo(graph_render.dot(model, procedures=not no_procedures), nl=False)
            sys.exit(3)
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(content)
    else:
        click.echo(content, nl=False)


@cli.command()
@click.argument("path", type=click.Path())
@timeout_option()
def power(path, timeout) -> None:
    """The power table of PATH: each party's Banzhaf and Shapley-Shubik index in every body whose
    seats the file fixes, dummies and veto players, and the veto players of every power."""
    from .render import power_table

    click.echo("\n".join(power_table.lines(_load_or_exit(path), timeout)))


def _load_or_exit(path):
    """The model of PATH, or its diagnostics printed and exit status 2."""
    import dsl

    from .checks import signatures

    loaded = dsl.load(path, signatures())
    if not loaded.ok:
        from rich.console import Console

        from .render import text
        from .results import FileReport

        text.render([FileReport(path, loaded.text, loaded.diagnostics, ())],
                    Console(no_color=True, highlight=False, soft_wrap=True))
        sys.exit(2)
    return loaded.model


@cli.command()
@click.argument("path", type=click.Path())
@click.option("--scenario", "scenario_file", type=click.Path(exists=True, dir_okay=False), required=True,
              help="A TOML or JSON file: positions, compositions, elections, referenda (or a counterexample "
                   "saved from `--format json`).")
@click.option("--procedure", default=None, help="The procedure to run (default: the scenario's, or the only one).")
@click.option("--max-steps", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def simulate(path, scenario_file, procedure, max_steps, fmt) -> None:
    """Run one concrete scenario through a procedure of PATH and print the trace, step by step."""
    import json

    from .render import narrative
    from .simulator import Scenario, ScenarioError, Simulator, trace

    model = _load_or_exit(path)
    try:
        with open(scenario_file, "rb") as f:
            raw = f.read()
        if scenario_file.endswith(".toml"):
            import tomllib

            data = tomllib.loads(raw.decode("utf-8"))
        else:
            data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"cannot read {scenario_file}: {exc}", param_hint="--scenario") from None
    if isinstance(data, dict) and "scenario" in data and "states" in data:  # a saved counterexample
        procedure = procedure or data.get("procedure")
        data = data["scenario"]
    procedure = procedure or (data.get("procedure") if isinstance(data, dict) else None)
    if procedure is None and len(model.procedures) == 1:
        procedure = next(iter(model.procedures))
    if procedure not in model.procedures:
        hint = did_you_mean(str(procedure), model.procedures)
        raise click.BadParameter(f"{path} has no procedure `{procedure}`" + (f"; {hint}" if hint else
                                 f"; its procedures: {', '.join(model.procedures) or 'none'}"),
                                 param_hint="--procedure")
    motions = sorted({st.motion for st in model.procedures[procedure].steps.values() if st.kind == "vote"})
    try:
        scenario = Scenario.from_dict(data, motions)
        run = Simulator(model, scenario).run(procedure, max_steps=max_steps)
    except ScenarioError as exc:
        click.echo(f"veche: the scenario does not determine a run: {exc}", err=True)
        sys.exit(2)
    result = trace(scenario, run)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    ending = {"final": f"ends: {run.final}", "stuck": "is stuck: an outcome with no next step",
              "cycle": f"runs forever: back to step {(run.loop_start or 0) + 1}",
              "limit": f"was stopped after {max_steps} steps"}[run.end]
    click.echo(f"{procedure}: {run.steps} step{'s' if run.steps != 1 else ''}; the procedure {ending}")
    click.echo("\n".join(narrative.step_lines(result, model)))


@cli.command()
@click.argument("first", type=click.Path())
@click.argument("second", type=click.Path())
@timeout_option()
def compare(first, second, timeout) -> None:
    """The verdicts and figures of two constitutions side by side; `≠` marks a difference."""
    from .checks import Context
    from .render import compare as compare_render
    from .runner import run_file

    reports = [run_file(p, ctx=Context(timeout=timeout)) for p in (first, second)]
    if any(r.has_errors for r in reports):
        from rich.console import Console

        from .render import text

        text.render([r for r in reports if r.has_errors], Console(no_color=True, highlight=False, soft_wrap=True))
        sys.exit(2)
    click.echo("\n".join(compare_render.lines(*reports)))


@cli.command()
@click.argument("path", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, metavar="FILE.html",
              help="The HTML file to write.")
@click.option("--only", multiple=True, callback=_check_names, metavar="CHECK",
              help="Run only these checks (repeatable).")
@click.option("--skip", multiple=True, callback=_check_names, metavar="CHECK", help="Skip these checks (repeatable).")
@timeout_option()
def report(path, output, only, skip, timeout) -> None:
    """Write one self-contained HTML page about PATH: the verdicts, the institution, every
    counterexample beside its procedure, representation, power and sources.
    Exit status as for `veche check`, once the page is written."""
    import os

    # The report's machinery (Graphviz, the power table) is imported here, not at start-up:
    # `veche check` never pays for it.
    from .render import html as html_report
    from .render import report_data
    from .results import exit_status

    if os.path.exists(output) and os.path.exists(path) and os.path.samefile(output, path):
        raise click.BadParameter("the report would overwrite the constitution it is about", param_hint="-o")
    model = _load_or_exit(path)
    data = report_data.gather(path, model, only, skip, timeout)
    page = html_report.render(data)
    try:
        with open(output, "w", encoding="utf-8") as f:
            f.write(page)
    except OSError as exc:
        click.echo(f"veche: cannot write {output}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    click.echo(f"veche: report written to {output}")
    sys.exit(exit_status([data.report]))


@cli.command(name="fmt")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing; exit 1 if some file is not in the canonical layout.")
@click.option("--diff", is_flag=True, help="Print a unified diff of the changes instead of rewriting the files.")
@click.option("--color/--no-color", default=None, help="Force colour of diagnostics on or off.")
def fmt_command(paths, check_only, diff, color) -> None:
    """Rewrite the constitutions in PATHS (files, or folders searched for *.veche) in the canonical
    layout (docs/fmt.md); `-` formats standard input to standard output.  Comments and citations
    are kept; what the file says does not change.

    Exit status: 0 done (with --check: nothing to reformat); 1 with --check or --diff, some file
    would be reformatted; 2 bad input (such a file is left as it is) or usage; 4 an internal error.
    """
    import difflib
    import os
    from pathlib import Path

    import dsl
    from dsl.diagnostics import DiagnosticError
    from dsl.formatter import FormatterBug, format_text, without_spans
    from dsl.parser import decode

    from .checks import signatures
    from .runner import expand

    files = expand([p for p in paths if p != "-"])
    if not files and "-" not in paths:
        raise click.UsageError("no .veche files found in the given folders")
    from rich.console import Console

    errors = Console(stderr=True, no_color=color is False, force_terminal=color, highlight=False, soft_wrap=True)
    status, changed, unchanged, bad = 0, 0, 0, 0
    for path in (["-"] if "-" in paths else []) + files:
        shown = "<stdin>" if path == "-" else path
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
            loaded = dsl.load_text(decode(data, shown), shown, signatures())
        except DiagnosticError as exc:
            loaded = dsl.Loaded(shown, "", None, tuple(exc.diagnostics))
        except OSError:
            loaded = dsl.load(path, signatures())  # the E001 diagnostic `veche check` gives
        if not loaded.ok:
            from .render import text

            text.print_diagnostics(list(loaded.diagnostics), loaded.text, shown, errors)
            count = sum(d.is_error for d in loaded.diagnostics)
            errors.print(f"{shown}: {count} error{'s' if count != 1 else ''}; not formatted")
            status, bad = max(status, 2), bad + 1
            continue
        try:
            formatted = format_text(loaded.text, shown)
            again = dsl.load_text(formatted, shown, signatures())
            if not again.ok or without_spans(again.model) != without_spans(loaded.model):
                raise FormatterBug("the formatted text would mean something else")
        except (FormatterBug, DiagnosticError) as exc:
            click.echo(f"veche: internal error: {shown} was left as it is: {exc}\n"
                       "This is a bug in veche; please report it with the file.", err=True)
            status = max(status, EXIT_BUG)
            continue
        new = formatted.encode("utf-8")
        if path == "-" and not (check_only or diff):
            sys.stdout.buffer.write(new)
            continue
        if new == data:
            unchanged += 1
            continue
        changed += 1
        if diff:
            click.echo("".join(difflib.unified_diff(loaded.text.splitlines(keepends=True),
                                                    formatted.splitlines(keepends=True), shown, shown)), nl=False)
        if check_only or diff:
            click.echo(f"would reformat {shown}", err=True)
            status = max(status, 1)
            continue
        # A new file moved into place: an interrupted run leaves the old text, never half of the new.
        temporary = f"{path}.veche-fmt.tmp"
        try:
            with open(temporary, "wb") as f:
                f.write(new)
            os.chmod(temporary, os.stat(path).st_mode & 0o7777)
            os.replace(temporary, path)
        except OSError as exc:
            click.echo(f"veche: cannot rewrite {shown}: {exc.strerror or exc}", err=True)
            if os.path.exists(temporary):
                os.remove(temporary)
            status = max(status, 2)
            continue
        click.echo(f"reformatted {shown}", err=True)
    if files:
        done = "would be reformatted" if check_only or diff else "reformatted"
        summary = f"veche fmt: {changed} file{'s' if changed != 1 else ''} {done}, {unchanged} already formatted"
        click.echo(summary + (f", {bad} with errors" if bad else ""), err=True)
    sys.exit(status)


@cli.command(name="checks")
def list_checks() -> None:
    """List the checks veche knows, with their parameters."""
    from .checks import REGISTRY

    for name, c in REGISTRY.items():
        state = "" if c.run else "  (planned)"
        click.echo(f"{c.signature.usage()}{state}\n    {c.signature.summary}")


def main() -> None:
    """Entry point: never shows a traceback; an unexpected exception is reported as a bug."""
    try:
        cli.main(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("veche: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001
        click.echo(f"veche: internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in veche; please report it with the input that caused it.", err=True)
        sys.exit(EXIT_BUG)


if __name__ == "__main__":
    main()
