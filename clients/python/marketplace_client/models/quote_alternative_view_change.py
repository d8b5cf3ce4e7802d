from enum import Enum

class QuoteAlternativeViewChange(str, Enum):
    ANY_REGION = "any-region"
    FEWER_GPUS = "fewer-gpus"
    HIGHER_PRICE = "higher-price"
    LATER_START = "later-start"
    OTHER_GPU_MODEL = "other-gpu-model"

    def __str__(self) -> str:
        return str(self.value)
