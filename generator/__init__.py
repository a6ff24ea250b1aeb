"""Build one validated OpenAPI spec per API from the vendor's doc pages, and generate its client.

The pipeline, one module a step:

    extract   -> fragments of the markdown pages (generator.extract)
    merge     -> one document, conflicts reported with both sources (generator.merge)
    overlay   -> OpenAPI Overlay 1.0 patches for the fragments' defects (generator.overlay)
    validate  -> prance + openapi-spec-validator, and the plain-text cross-check (generator.validate)
    build     -> runs the steps for one API and writes specs/<api>/openapi.json (generator.build)
"""
