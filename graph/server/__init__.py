"""The Starlette application (a plain list of routes), HTTP exports, and serving it with uvicorn."""
