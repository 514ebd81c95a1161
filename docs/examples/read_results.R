# reoffsim — read a results file in R with hdf5r (Debian: r-cran-hdf5r), with
# named, labelled dimensions. Usage: Rscript read_results.R RESULTS.h5 [CHECK.csv]
# (CHECK.csv: scenario,replicate,subgroup,value of proven_reoffending_rate; the
# test suite writes it with h5py, and this script stops if any value differs).
suppressPackageStartupMessages(library(hdf5r))

# Dataset `path` (e.g. "results/proven_reoffending_rate") as an array with
# its dimensions in the order of the attribute `dimensions` (the order h5py
# and the README use) and labelled from the dimension scales beside it.
read_labelled <- function(file, path) {
  ds <- file[[path]]
  x <- ds$read()
  dims <- strsplit(h5attr(ds, "dimensions"), ",", fixed = TRUE)[[1]]
  if (is.null(dim(x))) x <- array(x, dim = length(x))
  if (length(dims) > 1) x <- aperm(x, rev(seq_along(dims)))  # hdf5r returns the axes reversed
  group <- sub("/[^/]*$", "", path)
  labels <- lapply(dims, function(d) as.character(file[[paste0(group, "/", d)]]$read()))
  dimnames(x) <- setNames(labels, dims)
  x
}

args <- commandArgs(trailingOnly = TRUE)
f <- H5File$new(args[1], mode = "r")
rate <- read_labelled(f, "results/proven_reoffending_rate")   # [scenario, replicate, subgroup]
cat("proven reoffending rate, all offenders, mean over replicates:\n")
print(round(apply(rate[, , "all"], 1, mean), 4))
# Long ("tidy") form: one row per scenario x replicate x subgroup.
tidy <- as.data.frame.table(rate, responseName = "value", stringsAsFactors = FALSE)
print(head(tidy, 3))

if (length(args) >= 2) {
  check <- read.csv(args[2], colClasses = c(replicate = "character"), stringsAsFactors = FALSE)
  got <- rate[cbind(check$scenario, check$replicate, check$subgroup)]
  same <- ifelse(is.na(check$value), is.na(got), abs(got - check$value) <= 1e-12 * pmax(1, abs(check$value)))
  if (nrow(check) == 0 || any(is.na(same)) || !all(same)) stop("values differ from h5py's reading of the file")
  cat(nrow(check), "values agree with h5py\n")
}
f$close_all()
