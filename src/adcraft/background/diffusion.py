"""Optional diffusion back-end: Stable Diffusion inpainting around the product.

Install with ``pip install "adcraft[diffusion]"`` (``diffusers``, ``transformers``, ``torch``).
Weights are never downloaded: :class:`DiffusionBackdrop` loads a
``StableDiffusionInpaintPipeline`` saved in diffusers format from a local folder the user gives
(``local_files_only=True``). A full-size model needs a CUDA GPU to be practical (about 1–3 s per
image at 512 px and 30 steps on one modern GPU; about 16 s *per step* on a 2-core CPU).

Method: the product is placed on the canvas where the layout put it; the mask to inpaint is
everything outside the product's matte (dilated by 1 % of the canvas so the model draws the
contact area), and the prompt is the category's scene description plus the theme. With a
reference image, the area to inpaint starts from the reference (resized to cover the canvas)
instead of grey, and ``strength`` < 1 keeps its colours and composition (the SDEdit idea:
Meng et al., "SDEdit", ICLR 2022). The product's own pixels are pasted back unchanged after
generation, so it is never redrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from adcraft.errors import InputError

#: Scene prompt per product category (keys as in ``../shared/data`` file names).
CATEGORY_PROMPTS: dict[str, str] = {
    "food_drink": "fresh kitchen counter, morning light, soft shadows, appetising, product photography",
    "cosmetics": "marble vanity with soft reflections, pastel light, elegant beauty product photography",
    "electronics": "clean modern desk, cool studio light, subtle reflections, tech product photography",
    "apparel": "bright minimal boutique interior, soft daylight, fashion product photography",
    "furniture_home": "calm living room interior, warm daylight, interior design photography",
    "shoes": "urban concrete steps, soft evening light, footwear product photography",
    "toys": "playful colourful kids room, soft daylight, toy product photography",
}
NEGATIVE = "text, watermark, logo, letters, blurry, deformed, extra objects in front of the product"


@dataclass(frozen=True)
class DiffusionSettings:
    """Generation settings: ``steps`` (1..150), ``guidance`` (classifier-free scale, 0..30),
    ``strength`` (0..1; 1 ignores the reference), ``resolution`` (long side in px, multiple of 8)."""

    steps: int = 30
    guidance: float = 7.5
    strength: float = 0.85
    resolution: int = 512

    def __post_init__(self) -> None:
        if not (1 <= self.steps <= 150 and 0 <= self.guidance <= 30 and 0 < self.strength <= 1 and 64 <= self.resolution <= 2048 and self.resolution % 8 == 0):
            raise InputError(f"diffusion settings out of range: {self}; steps 1..150, guidance 0..30, strength (0, 1], resolution 64..2048 and a multiple of 8")


def prompt_for(category: str | None, theme: str | None = None) -> str:
    """The scene prompt for ``category`` (generic studio scene when unknown), plus the theme."""
    base = CATEGORY_PROMPTS.get(category or "", "clean studio backdrop, soft light, product photography")
    return f"{base}, {theme.replace('_', ' ')} theme" if theme and theme != "everyday" else base


class DiffusionBackdrop:
    """Backgrounds generated around the product by a local inpainting pipeline.

    Parameters
    ----------
    model_path:
        Folder of a ``StableDiffusionInpaintPipeline`` in diffusers format (``model_index.json``
        and component folders), e.g. a copy of ``stable-diffusion-2-inpainting``.
    device:
        ``"cuda"``, ``"cuda:1"``, ``"mps"`` or ``"cpu"``; ``None`` picks CUDA when available.
    settings:
        :class:`DiffusionSettings`.
    pipeline:
        An already built pipeline (tests pass a tiny random one); ``model_path`` is then unused.

    Raises
    ------
    InputError
        If the extra is not installed, the folder is missing or not a diffusers pipeline.
    """

    def __init__(self, model_path: str | Path | None = None, device: str | None = None, settings: DiffusionSettings | None = None, pipeline=None) -> None:
        try:
            import torch
            from diffusers import StableDiffusionInpaintPipeline
        except ImportError as exc:
            raise InputError('the diffusion back-end needs its extra: pip install "adcraft[diffusion]"') from exc
        self.settings = settings or DiffusionSettings()
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        if pipeline is None:
            if model_path is None or not (Path(model_path) / "model_index.json").is_file():
                raise InputError(f"diffusion model folder {str(model_path)!r} has no model_index.json; give a local diffusers inpainting pipeline (weights are never downloaded)")
            dtype = torch.float16 if self.device.startswith("cuda") else torch.float32
            try:
                pipeline = StableDiffusionInpaintPipeline.from_pretrained(str(model_path), local_files_only=True, torch_dtype=dtype, safety_checker=None, requires_safety_checker=False)
            except (OSError, ValueError) as exc:
                raise InputError(f"cannot load a diffusers inpainting pipeline from {str(model_path)!r}: {exc}") from exc
        self.pipe = pipeline.to(self.device)
        self.pipe.set_progress_bar_config(disable=True)

    def generate(
        self,
        size: tuple[int, int],
        product_rgba: np.ndarray,
        product_box: tuple[int, int, int, int],
        category: str | None = None,
        theme: str | None = None,
        reference: np.ndarray | None = None,
        seed: int = 0,
    ) -> np.ndarray:
        """A background for a canvas of ``size`` with the product at ``product_box``.

        Parameters
        ----------
        size:
            ``(width, height)`` of the canvas.
        product_rgba:
            ``uint8`` ``(h, w, 4)`` cut-out.
        product_box:
            Canvas box of the product.
        category, theme:
            Prompt selection (:func:`prompt_for`).
        reference:
            Optional ``uint8`` ``(H, W, 3)`` image whose look the background should follow.
        seed:
            Seed of the sampler's noise.

        Returns
        -------
        numpy.ndarray
            ``uint8`` ``(height, width, 3)``: the generated scene with the product's pixels
            pasted back (use it as an ``image`` background and draw the product on top).
        """
        import torch

        W, H = size
        s = self.settings
        k = s.resolution / max(W, H)
        gw, gh = max(64, round(W * k / 8) * 8), max(64, round(H * k / 8) * 8)
        canvas = Image.new("RGB", (W, H), (128, 128, 128)) if reference is None else ImageOps.fit(Image.fromarray(reference).convert("RGB"), (W, H))
        l, t, r, b = product_box
        prod = Image.fromarray(product_rgba).resize((r - l, b - t), Image.Resampling.LANCZOS)
        canvas.paste(prod, (l, t), prod)
        keep = Image.new("L", (W, H), 0)
        keep.paste(prod.getchannel("A"), (l, t))
        mask = np.asarray(keep) < 128  # True = repaint
        grow = max(1, round(0.01 * max(W, H)))
        import cv2

        mask = ~cv2.dilate((~mask).astype(np.uint8), np.ones((3, 3), np.uint8), iterations=1).astype(bool)
        mask = cv2.erode(mask.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=grow).astype(bool)
        gen = torch.Generator(device="cpu").manual_seed(int(seed))
        out = self.pipe(
            prompt=prompt_for(category, theme),
            negative_prompt=NEGATIVE,
            image=canvas.resize((gw, gh), Image.Resampling.LANCZOS),
            mask_image=Image.fromarray((mask * 255).astype(np.uint8)).resize((gw, gh), Image.Resampling.NEAREST),
            height=gh,
            width=gw,
            num_inference_steps=s.steps,
            guidance_scale=s.guidance,
            strength=s.strength if reference is not None else 1.0,
            generator=gen,
        ).images[0]
        result = np.asarray(out.convert("RGB").resize((W, H), Image.Resampling.LANCZOS)).copy()
        orig = np.asarray(canvas)
        a = (np.asarray(keep, np.float32) / 255.0)[..., None]
        return (result * (1 - a) + orig * a).astype(np.uint8)
