// The GPU catalog's ids (GET /v1/gpu-models), for the forms' choices.
export const gpuModels = ["H100-SXM-80GB", "H200-SXM-141GB", "B200-SXM-192GB", "A100-SXM-80GB", "A100-SXM-40GB", "A10G-24GB", "L40S-48GB", "MI300X-192GB"];
