"""Case reviews: when they are due and recording them."""
