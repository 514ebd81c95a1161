"""The page's words for its two kinds of uncertainty (docs/uncertainty.md).

An uncertainty interval is the 2.5th-97.5th percentile of an outcome over the
replicates (/…_p025, /…_p975): where the outcome could plausibly lie. The
Monte Carlo standard error (/…_mcse) says how precisely the replicates have
estimated the mean; it shrinks as replicates are added, the interval does not."""
from .fmt import num

UI = "95% uncertainty interval"
MCSE = "Monte Carlo standard error"


def note(replicates, psa):
    """The paragraph under the headline that says what the numbers are."""
    source = ("Each replicate draws its own values of the uncertain parameters (effect sizes, unit "
              "costs: see Provenance) as well as its own chance events, so the intervals cover "
              "parameter uncertainty and chance."
              if psa else
              "Here they cover chance only: no parameter was given as a distribution, or the run "
              "used --point-estimates, so uncertainty in the model's parameters is left out.")
    return ('<p class="note" id="uncertainty-note"><strong>Reading the numbers.</strong> Each '
            f"{UI} runs from the 2.5th to the 97.5th percentile of the outcome over the "
            f"{num(replicates, 0)} replicates: where the outcome could plausibly lie, given what "
            f"we know and chance. {source} The {MCSE} (MCSE) of the mean is a different thing: "
            "how precisely the simulation has estimated the average. It shrinks as replicates are "
            "added; the uncertainty interval does not. P(NPV&nbsp;&gt;&nbsp;0) is the share of "
            "replicates in which benefits exceed costs.</p>")
