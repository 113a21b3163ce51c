-- Which MT job stored each segment's MT translation (workbench/store/mt.py), written even when
-- the job's output was the text already stored: a job taken up again after its worker died
-- skips what it stored itself, even a forced one, while a new forced job redoes everything.
-- The translations' own time stamps cannot tell: an unchanged text adds no revision. NULL: a
-- run outside a job.
ALTER TABLE mt_segments ADD COLUMN job INTEGER;
