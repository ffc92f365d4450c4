import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// The registry names components through `.openapi(refId)`, which this adds to zod's prototype once.
extendZodWithOpenApi(z);

export { z };
