"""speedlab run --dask-scheduler ADDRESS: the cluster the python.dask cells at scheduler=cluster use.

The address reaches the harness processes through $SPEEDLAB_DASK_SCHEDULER (they inherit the runner's
environment), and the machine card describes the cluster (dask_cluster.describe_cluster). Without a
-p scheduler=... of the user's, the run measures scheduler=threads (every impl, the main tables) and
scheduler=cluster (python.dask on the cluster) at every size.
"""

from __future__ import annotations

import functools
import os

import click

from speedlab.dask_cluster import ADDRESS_ENV, address_problem


def apply(address: str | None, choice_params: tuple[str, ...]) -> tuple[str, ...]:
    """Checks the address (bad: a usage error, exit 2), exports it, and returns the -p values to plan with."""
    address = (address or "").strip()
    if not address:
        given = os.environ.get(ADDRESS_ENV, "").strip()
        if given and (problem := address_problem(given)):
            raise click.BadParameter(f"{ADDRESS_ENV}: {problem}", param_hint="$" + ADDRESS_ENV)
        return choice_params
    problem = address_problem(address)
    if problem:
        raise click.BadParameter(problem, param_hint="--dask-scheduler")
    os.environ[ADDRESS_ENV] = address
    if any(text.split("=", 1)[0].strip() == "scheduler" for text in choice_params):
        return choice_params
    return (*choice_params, "scheduler=threads,cluster")


def install(command: click.Command) -> None:
    """Adds --dask-scheduler to `speedlab run` from here, so cli.py's run keeps its signature: the option's
    value adjusts the -p values before run sees them."""
    command.params.append(
        click.Option(
            ["--dask-scheduler"],
            default=None,
            metavar="tcp://HOST:PORT",
            help="A Dask cluster for the python.dask cells at scheduler=cluster (also $SPEEDLAB_DASK_SCHEDULER); "
            "without -p scheduler=... it runs -p scheduler=threads,cluster.",
        )
    )
    original = command.callback

    @functools.wraps(original)
    def callback(*args, dask_scheduler=None, **kwargs):
        kwargs["choice_params"] = apply(dask_scheduler, kwargs.get("choice_params") or ())
        return original(*args, **kwargs)

    command.callback = callback
