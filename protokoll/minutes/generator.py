"""An optional local text generator that rewrites plain-language summaries, under a fact check.

No generator ships by default: the small ones that exist offline invent facts (see README).
An operator may configure a transformers model folder or a GGUF file. Its rewrite of a
template summary is kept only when `factcheck.check_text` finds every number, name, date and
decision in it backed by the facts; otherwise the faithful template text stays and the reasons
are recorded with the summary.
"""

from __future__ import annotations

import os
from pathlib import Path

from protokoll.errors import ModelError
from protokoll.minutes.factcheck import Facts, check_text
from protokoll.minutes.readability import readability
from protokoll.minutes.summaries import Summary

__all__ = ["TextGenerator", "load_generator", "apply_rewrite", "PROMPTS"]

PROMPTS = {
    "de": (
        "Schreibe den folgenden Text in einfacher Sprache neu. Kurze Sätze. Nur die Fakten aus dem Text, "
        "keine neuen Zahlen, Namen oder Beschlüsse.\n\nText:\n{text}\n\nEinfache Sprache:"
    ),
    "en": (
        "Rewrite the following text in plain English. Short sentences. Use only the facts in the text, "
        "no new numbers, names or decisions.\n\nText:\n{text}\n\nPlain English:"
    ),
}


def apply_rewrite(summary: Summary, output: str, facts: Facts, model: str) -> bool:
    """Keep a generator's output as the summary's text if the facts back it; record the verdict either way."""
    output = " ".join(output.split())
    reasons = check_text(output, facts) if output else ["the generator returned nothing"]
    if output and len(output) > 3 * len(summary.text) + 200:
        reasons.append("the rewrite is far longer than the facts it rests on")
    verdict = {"model": model, "accepted": not reasons, "reasons": reasons, "output": output}
    if reasons:
        summary.checks["generator"] = verdict
        return False
    verdict["template_text"] = summary.text
    summary.text = output
    summary.sentences = []  # the rewrite's sentences no longer map one to one onto the moments they rest on
    summary.method = "generator"
    summary.model = model
    summary.checks["generator"] = verdict
    summary.checks["readability"] = readability(output, summary.language)
    return True


class TextGenerator:
    """A causal language model loaded with transformers, from a model folder or a GGUF file."""

    def __init__(self, path: str | Path, max_new_tokens: int = 160, threads: int = 0):
        path = Path(path)
        if not path.exists():
            raise ModelError(f"generator model {path} does not exist")
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as error:
            raise ModelError("a generator needs transformers (pip install 'protokoll[generate]')") from error
        folder, gguf = (path.parent, {"gguf_file": path.name}) if path.suffix == ".gguf" else (path, {})
        torch.set_num_threads(threads or os.cpu_count() or 2)
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True, **gguf)
            self.model = AutoModelForCausalLM.from_pretrained(folder, local_files_only=True, **gguf)
        except (OSError, ValueError, ImportError) as error:
            raise ModelError(f"cannot load generator {path}: {error}") from error
        self.model.eval()
        self.name = path.name
        self.max_new_tokens = max_new_tokens

    def generate(self, prompt: str) -> str:
        """Return the model's continuation of prompt (greedy, so runs are repeatable)."""
        import torch

        if getattr(self.tokenizer, "chat_template", None):
            inputs = self.tokenizer.apply_chat_template(
                [{"role": "user", "content": prompt}], add_generation_prompt=True, return_tensors="pt", return_dict=True
            )
        else:
            inputs = self.tokenizer(prompt, return_tensors="pt")
        with torch.inference_mode():
            output = self.model.generate(
                **inputs, max_new_tokens=self.max_new_tokens, do_sample=False, pad_token_id=self.tokenizer.eos_token_id
            )
        return self.tokenizer.decode(output[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True).strip()

    def rewrite(self, summary: Summary, facts: Facts) -> bool:
        """Ask for a plain-language rewrite of summary and keep it only if it passes the fact check."""
        output = self.generate(PROMPTS.get(summary.language, PROMPTS["de"]).format(text=summary.text))
        return apply_rewrite(summary, output, facts, self.name)


def load_generator(path: str | Path) -> TextGenerator:
    """Load the configured generator or raise a ModelError saying why not."""
    return TextGenerator(path)
